package eu.custodia.server.isolation.internal;

import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantContract.Contact;
import eu.custodia.server.tenancy.TenantContract.Contacts;
import eu.custodia.server.tenancy.TenantContract.Dpa;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The contracts of the probe's two canary tenants: the platform itself, on the strict profile, with a function
 * (never a person) as every contact.
 */
final class CanaryContracts {

    private CanaryContracts() {
    }

    /** The contract of canary tenant {@code slot} ({@code a} or {@code b}). */
    static TenantContract of(String slot, LocalDate today) {
        String upper = slot.toUpperCase(Locale.ROOT);
        Contact contact = new Contact("Custodia isolation probe", "isolation-probe@custodia.invalid", null);
        return new TenantContract("Custodia isolation probe " + upper, "CUSTODIA-PROBE-" + upper, "IT", "SaaS",
                List.of(), new Dpa("ISOLATION-PROBE", today), List.of(), "strict", "eu-south-1", 0, 72, 0,
                new Contacts(contact, contact, contact));
    }
}
