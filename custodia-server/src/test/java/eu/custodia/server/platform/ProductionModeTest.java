package eu.custodia.server.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import eu.custodia.server.CustodiaApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Production mode starts only on a secure configuration: a CA-issued certificate, acknowledged key files,
 * one node on SQLite, no exposed endpoints, no demo data. Each test breaks exactly one setting and expects
 * the start to be refused with that check's reason, in English and Italian, with its commitment.
 */
class ProductionModeTest {

    @TempDir
    Path dir;

    private TestCertificates.Files3 certs;

    /** A ticket system's webhook secret of 32 bytes (a closed ticket must be able to end its grants). */
    static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4kcfK2q5sJI=";

    @BeforeEach
    void certificates() throws Exception {
        certs = TestCertificates.caIssued(dir.resolve("pki"), "EC");
    }

    private List<String> secure() {
        return new ArrayList<>(List.of("--custodia.mode=production", "--server.port=0",
                "--custodia.data-dir=" + dir.resolve("data"),
                "--custodia.tls.certificate=" + certs.certificate(),
                "--custodia.tls.private-key=" + certs.privateKey(), "--custodia.tls.chain=" + certs.chain(),
                "--custodia.acknowledge-plain-key-files=true", "--custodia.elevation.ticket-systems.default.webhook-secret="
                        + WEBHOOK_SECRET));
    }

    private static ConfigurableApplicationContext start(WebApplicationType type, List<String> args) {
        return new SpringApplicationBuilder(CustodiaApplication.class).web(type).run(args.toArray(String[]::new));
    }

    /** Starts the server, expects the hardening refusal, and returns its message. */
    static String refusal(List<String> args) {
        Throwable thrown = catchThrowable(() -> start(WebApplicationType.SERVLET, args).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("InsecureConfigurationException")) {
                return t.getMessage();
            }
        }
        throw new AssertionError("expected production mode to refuse the start", thrown);
    }

    private static void assertRefused(List<String> args, String id, int commitment, String en, String it) {
        String message = refusal(args);
        assertThat(message).contains("- " + id + " [commitment " + commitment + " / impegno " + commitment + "]")
                .contains(en).contains(it);
        assertThat(message.split("\n- ")).as("only the broken setting is reported").hasSize(2);
    }

    @Test
    void startWhenProductionAndSecureThenRuns() {
        try (ConfigurableApplicationContext context = start(WebApplicationType.SERVLET, secure())) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void startWhenProductionWithSelfSignedCertificateThenRefused() {
        List<String> args = secure();
        args.removeIf(a -> a.startsWith("--custodia.tls."));
        assertRefused(args, "tls-self-signed", 9, "self-signed certificate", "certificato autofirmato");
    }

    @Test
    void startWhenProductionWithConfiguredSelfSignedCertificateThenRefused() {
        List<String> args = secure();
        args.removeIf(a -> a.startsWith("--custodia.tls."));
        args.add("--custodia.tls.certificate=" + certs.chain());
        args.add("--custodia.tls.private-key=" + certs.caPrivateKey());
        assertRefused(args, "tls-self-signed", 9, "is self-signed", "è autofirmato");
    }

    @Test
    void startWhenProductionWithWeakCipherThenRefused() {
        List<String> args = secure();
        args.add("--spring.ssl.bundle.pem.custodia.options.ciphers=TLS_AES_128_GCM_SHA256,"
                + "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        assertRefused(args, "tls-weak-settings", 9, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                "Impostazioni TLS più deboli");
    }

    @Test
    void startWhenProductionWithOldProtocolThenRefused() {
        List<String> args = secure();
        args.add("--custodia.tls.protocols=TLSv1.3,TLSv1.2,TLSv1.1");
        assertRefused(args, "tls-weak-settings", 9, "custodia.tls.protocols contains TLSv1.1",
                "Impostazioni TLS più deboli");
    }

    @Test
    void startWhenProductionWithTlsDisabledThenRefused() {
        List<String> args = secure();
        args.add("--server.ssl.enabled=false");
        assertRefused(args, "tls-weak-settings", 9, "server.ssl.enabled=false", "solo via HTTPS");
    }

    @Test
    void startWhenProductionWithSqliteAndTwoNodesThenRefused() {
        List<String> args = secure();
        args.add("--custodia.nodes=2");
        assertRefused(args, "sqlite-multi-node", 2, "SQLite serves one node only", "SQLite serve un solo nodo");
    }

    @Test
    void startWhenProductionWithActuatorExposedThenRefused() {
        List<String> args = secure();
        args.add("--management.endpoints.web.exposure.include=health,env,heapdump");
        assertRefused(args, "exposed-endpoints", 2, "exposure.include contains env", "endpoint di debug");
    }

    @Test
    void startWhenProductionWithDebugThenRefused() {
        List<String> args = secure();
        args.add("--debug=true");
        assertRefused(args, "exposed-endpoints", 2, "debug=true", "endpoint di debug");
    }

    @Test
    void startWhenProductionWithDemoDataThenRefused() {
        List<String> dev = new ArrayList<>(List.of("--custodia.data-dir=" + dir.resolve("data")));
        try (ConfigurableApplicationContext context = start(WebApplicationType.NONE, dev)) {
            context.getBean(JdbcClient.class).sql("insert into platform_settings (name, value, updated_at) "
                    + "values ('demo-data', 'true', '2026-01-01T00:00:00Z')").update();
        }
        assertRefused(secure(), "demo-data", 6, "contains demo data", "contiene dati dimostrativi");
    }

    @Test
    void startWhenProductionWithStaffInAProductionRoleWithoutAgreementThenRefused() {
        List<String> dev = new ArrayList<>(List.of("--custodia.data-dir=" + dir.resolve("data")));
        try (ConfigurableApplicationContext context = start(WebApplicationType.NONE, dev)) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            jdbc.sql("insert into accounts (id, kind, username, state, created_at, state_changed_at) values "
                    + "('acc-legacyauditor', 'staff', 'legacy.auditor', 'active', '2026-01-01T00:00:00.000000Z', "
                    + "'2026-01-01T00:00:00.000000Z')").update();
            jdbc.sql("insert into account_roles (account_id, role, tenant_id, granted_at, granted_by) values "
                    + "('acc-legacyauditor', 'platform-auditor', '', '2026-01-01T00:00:00.000000Z', 'system')").update();
        }
        assertRefused(secure(), "confidentiality-agreements", 3, "acc-legacyauditor (platform-auditor)",
                "senza un accordo di riservatezza valido");
    }

    @Test
    void startWhenProductionWithUnacknowledgedKeyFileThenRefused() {
        List<String> args = secure();
        args.remove("--custodia.acknowledge-plain-key-files=true");
        String message = refusal(args);
        // Three kinds of key file are plain local files: the TLS key (platform), the ledger signing key (ledger)
        // and the tenants' key-encryption keys (vault, local-file KMS).
        assertThat(message).contains("- plain-key-files [commitment 9 / impegno 9]", "plain local file",
                "file locale in chiaro", "- ledger-signing-key [commitment 3 / impegno 3]", "ledger-signing.key",
                "- vault-kek-files [commitment 9 / impegno 9]", "vault/kek");
        assertThat(message.split("\n- ")).as("only the key-file settings are reported").hasSize(4);
    }

    @Test
    void startWhenProductionWithWorldReadableKeyThenRefused() throws Exception {
        Files.setPosixFilePermissions(certs.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
        assertRefused(secure(), "key-file-permissions", 9, "readable or writable by other users",
                "accessibile ad altri utenti");
    }

    @Test
    void startWhenProductionWithEveryCheckFailingThenEveryReasonListed() {
        List<String> args = new ArrayList<>(List.of("--custodia.mode=production", "--server.port=0",
                "--custodia.data-dir=" + dir.resolve("data"), "--custodia.nodes=3", "--debug=true",
                "--custodia.tls.ciphers=TLS_RSA_WITH_AES_128_CBC_SHA"));
        assertThat(refusal(args)).contains("- tls-self-signed [commitment 9", "- tls-weak-settings [commitment 9",
                "- sqlite-multi-node [commitment 2", "- exposed-endpoints [commitment 2",
                "- plain-key-files [commitment 9", "- ledger-signing-key [commitment 3",
                "- vault-kek-files [commitment 9", "- ticket-webhooks [commitment 5", "EN: ", "IT: ",
                "8 insecure setting(s)");
    }

    @Test
    void startWhenDevModeWithInsecureSettingsThenRunsWithWarnings() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--custodia.data-dir=" + dir.resolve("data"),
                "--custodia.nodes=2"));
        try (ConfigurableApplicationContext context = start(WebApplicationType.SERVLET, args)) {
            assertThat(context.isRunning()).isTrue();
        }
    }
}
