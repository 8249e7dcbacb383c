package eu.custodia.server.demo.internal;

import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantContract.Contact;
import eu.custodia.server.tenancy.TenantContract.Contacts;
import eu.custodia.server.tenancy.TenantContract.Dpa;
import eu.custodia.server.tenancy.TenantContract.Provider;
import eu.custodia.server.tenancy.TenantContract.SubProcessor;
import java.time.LocalDate;
import java.util.List;

/** The two fictional customers of the demo (example.org addresses, no real people). */
final class DemoContracts {

    private DemoContracts() {
    }

    /** A municipality's tax-collection service on the strict policy. */
    static TenantContract strict(int breachNoticeHours) {
        return new TenantContract("Comune di Esempio - Servizio Tributi", "IT00000000001", "IT", "SaaS",
                List.of(new Provider("Example Cloud Italia", "IaaS", "IT")),
                new Dpa("DPA-2026-017", LocalDate.of(2026, 3, 2)),
                List.of(new SubProcessor("Example Mail Relay", "transactional e-mail", "IE")),
                "strict", "eu-south-1", 90, breachNoticeHours, 14,
                new Contacts(new Contact("Ufficio Sicurezza", "sicurezza@comune.example.org", "+39 06 0000001"),
                        new Contact("Responsabile Protezione Dati", "dpo@comune.example.org", null),
                        new Contact("Ufficio Tributi", "tributi@comune.example.org", null)));
    }

    /** A regional transport company's ticketing service on the baseline policy. */
    static TenantContract baseline() {
        return new TenantContract("Trasporti Esempio S.p.A.", "IT00000000002", "IT", "SaaS",
                List.of(new Provider("Example Cloud Europe", "IaaS", "DE"),
                        new Provider("Example Managed Database", "PaaS", "DE")),
                new Dpa("DPA-2025-144", LocalDate.of(2025, 11, 20)),
                List.of(), "baseline", "eu-central-1", 30, 48, 7,
                new Contacts(new Contact("Security Desk", "security@trasporti.example.org", null),
                        new Contact("Data Protection Officer", "dpo@trasporti.example.org", null),
                        new Contact("Service Management", "service@trasporti.example.org", null)));
    }
}
