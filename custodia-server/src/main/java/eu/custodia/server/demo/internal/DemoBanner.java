package eu.custodia.server.demo.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.TenantId;
import java.io.PrintStream;
import java.nio.file.Path;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What {@code ./custodia demo} prints once it is ready: where to go, the demo keys, and on one line the
 * command that verifies the strict tenant's ledger live, in English and Italian.
 */
@Component
final class DemoBanner {

    /** The facts the banner shows; the tokens are shown here and nowhere else. */
    record Facts(int port, String adminToken, String readerToken, TenantId strictTenant, String verifierKey,
            String adminTotpSecret, String officerToken, String officerTotpSecret, String isolationProbe,
            String applicationToken, String customerToken, String accessStory) {

        @Override
        public String toString() {
            return "Facts[port=" + port + ", strictTenant=" + strictTenant + "]";
        }
    }

    private final CustodiaProperties properties;
    private final Environment environment;

    DemoBanner(CustodiaProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The CA certificate a client must trust: the configured certificate, else the generated one. */
    Path certificate() {
        String configured = environment.getProperty("custodia.tls.certificate");
        return (configured == null || configured.isBlank()
                ? properties.dataDir().resolve("tls").resolve("localhost.crt") : Path.of(configured))
                .toAbsolutePath().normalize();
    }

    String verifyCommand(Facts f) {
        return "./custodia verify log https://localhost:" + f.port() + "/logs/" + f.strictTenant()
                + " --key " + f.verifierKey() + " --token " + f.readerToken() + " --ca " + certificate();
    }

    void print(PrintStream out, Facts f) {
        String base = "https://localhost:" + f.port();
        String rule = "=".repeat(100);
        out.println();
        out.println(rule);
        out.println("Custodia demo is running / La demo di Custodia è in esecuzione");
        out.println(rule);
        out.println("  API docs / documentazione API:   " + base + "/api/docs");
        out.println("  Tenants / clienti:               " + base + "/api/v1/tenants");
        out.println("  Ledgers / registri:              " + base + "/logs");
        out.println("  Demo administrator key (shown once) / chiave dell'amministratore demo (mostrata una volta):");
        out.println("    " + f.adminToken());
        out.println("  Read-only ledger key of the strict tenant / chiave di sola lettura del registro del cliente strict:");
        out.println("    " + f.readerToken());
        out.println("  Try / prova:  curl --cacert " + certificate() + " -H 'Authorization: Bearer "
                + f.adminToken() + "' " + base + "/api/v1/tenants");
        out.println("  The demo administrator's TOTP secret (demo data) / segreto TOTP dell'amministratore demo:");
        out.println("    " + f.adminTotpSecret());
        out.println("    Sensitive operations (keys, roles) need a current code as 'X-Custodia-OTP: <code>'; add the");
        out.println("    secret to an authenticator app. / Le operazioni sensibili (chiavi, ruoli) richiedono un codice");
        out.println("    attuale in 'X-Custodia-OTP: <codice>'; aggiungere il segreto a un'app di autenticazione.");
        out.println("  Demo security officer key (shown once) and TOTP secret / chiave e segreto TOTP del responsabile");
        out.println("  della sicurezza demo (mostrata una volta):");
        out.println("    " + f.officerToken());
        out.println("    " + f.officerTotpSecret());
        out.println("    A staff role the administrator grants waits for the officer's approval at "
                + "/api/v1/role-requests;");
        out.println("    the officer also reads /api/v1/alerts and opens /api/v1/access-reviews. / Un ruolo del personale");
        out.println("    assegnato dall'amministratore attende l'approvazione del responsabile in /api/v1/role-requests;");
        out.println("    il responsabile legge anche /api/v1/alerts e apre /api/v1/access-reviews.");
        out.println("  The SaaS application's key for the strict tenant (records API) / chiave dell'applicazione SaaS per il");
        out.println("  cliente strict (API dei record):");
        out.println("    " + f.applicationToken());
        out.println("  Try / prova:  curl --cacert " + certificate() + " -H 'Authorization: Bearer "
                + f.applicationToken() + "' '" + base + "/api/v1/tenants/" + f.strictTenant()
                + "/collections/customers/records?filter.plan=pro'");
        out.println("  The strict tenant's administrator key (the customer's side) / chiave dell'amministratore del");
        out.println("  cliente strict (il lato del cliente):");
        out.println("    " + f.customerToken());
        out.println("  A completed staff access story (asked, approved by the officer and the customer, activated,");
        out.println("  used once, concluded) / una storia di accesso del personale completa (chiesta, approvata dal");
        out.println("  responsabile e dal cliente, attivata, usata una volta, conclusa): " + f.accessStory());
        out.println("  What the customer sees, each event with its ledger index and proof / ciò che vede il cliente,");
        out.println("  ogni evento con indice nel registro e prova:");
        out.println("    curl --cacert " + certificate() + " -H 'Authorization: Bearer " + f.customerToken() + "' "
                + base + "/api/v1/tenants/" + f.strictTenant() + "/access-transparency");
        out.println("  Isolation probe, run at start / sonda di isolamento, eseguita all'avvio: " + f.isolationProbe());
        out.println("    Its runs / le sue esecuzioni (administrator or officer key / chiave dell'amministratore o del");
        out.println("    responsabile): " + base + "/api/v1/isolation/runs");
        out.println();
        out.println("  Verify the strict tenant's ledger, offline and live / verifica il registro del cliente strict:");
        out.println(verifyCommand(f));
        out.println(rule);
        out.println();
        out.flush();
    }
}
