package eu.custodia.server.tenancy;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.time.LocalDate;
import java.util.List;

/** Registers a tenant with a complete, valid contract, for tests that need one and care about nothing in it. */
public final class TestTenants {

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);

    private TestTenants() {
    }

    /** A new tenant named {@code name} on {@code profile} ({@code strict} or {@code baseline}), as {@code admin}. */
    public static TenantId create(TenantCommands tenants, Caller admin, String name, String profile) {
        return tenants.create(admin, new TenantContract(name, "IT12345678901", "IT", "SaaS", List.of(),
                new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(), profile, "eu-south-1", 90, 24,
                14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
    }
}
