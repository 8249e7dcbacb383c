package eu.custodia.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.PlatformSettings;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.TestDatabase;
import eu.custodia.tlog.verify.VerifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The end-to-end promise: a running demo's tenant ledger, served over HTTPS, verifies with
 * {@code custodia-verify log} and with an independent tlog-tiles client (Go's {@code net/http} and
 * {@code golang.org/x/mod/sumdb}, see {@code custodia-tlog/src/test/go/interop}); a reader key of another
 * tenant, or none, learns nothing.
 */
@Tag("store")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
@ActiveProfiles("demo")
class LiveLedgerVerificationTest {

    @LocalServerPort
    int port;

    @Value("${custodia.data-dir}")
    Path dataDir;

    @Autowired
    ApiKeys keys;

    @Autowired
    PlatformSettings settings;

    @Autowired
    LedgerKeys ledgerKeys;

    @TempDir
    Path tmp;

    @Test
    void demoLedgerWhenServedThenVerifiesWithCustodiaVerifyAndAnIndependentClient() throws Exception {
        TenantId strict = new TenantId(settings.get("demo-tenant-strict").orElseThrow());
        // Tenant keys are issued by the tenant's side (here the system, as the demo seeding does): staff cannot.
        Caller system = new Caller("system", "system", Set.of(), null, List.of());
        String reader = keys.create(system, Set.of(Roles.TENANT_LEDGER_READER), strict, "live test").token();
        String url = "https://localhost:" + port + "/logs/" + strict;
        String ca = dataDir.resolve("tls/localhost.crt").toString();
        String vkey = ledgerKeys.verifierKeyText();

        Run ok = awaitVerified(List.of("log", url, "--key", vkey, "--token", reader, "--ca", ca));
        assertThat(ok.status()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("Log verified:");

        Run noToken = verify(List.of("log", url, "--key", vkey, "--ca", ca));
        assertThat(noToken.status()).isEqualTo(2);
        assertThat(noToken.output()).contains("401");
        String otherTenant = keys.create(system, Set.of(Roles.TENANT_LEDGER_READER), TenantId.random(),
                "live test other").token();
        Run wrongTenant = verify(List.of("log", url, "--key", vkey, "--token", otherTenant, "--ca", ca));
        assertThat(wrongTenant.status()).as("another tenant's key sees no log at all").isEqualTo(2);
        assertThat(wrongTenant.output()).contains("no checkpoint");

        Path go = goHarness();
        if (go != null) {
            Run fetched = exec(List.of(go.toString(), "fetch", url, reader, ca, tmp.resolve("mirror").toString()));
            assertThat(fetched.status()).as(fetched.output()).isZero();
            Run checked = exec(List.of(go.toString(), "verify", tmp.resolve("mirror").toString(), vkey));
            assertThat(checked.status()).as(checked.output()).isZero();
            assertThat(checked.output()).contains("ok origin=" + "localhost/tenants/" + strict);
        }
    }

    private Run awaitVerified(List<String> args) throws InterruptedException {
        Run last = null;
        for (int i = 0; i < 50; i++) {
            last = verify(args);
            if (last.status() == 0) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    private static Run verify(List<String> args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int status = new VerifyCommand(Map.of("CUSTODIA_LANG", "en"), out, out).run(args);
        return new Run(status, sink.toString(StandardCharsets.UTF_8));
    }

    /** Builds the Go harness, or returns null where Go is absent (a failure when interop is required). */
    private Path goHarness() throws Exception {
        Path source = Path.of("../custodia-tlog/src/test/go/interop/main.go").toAbsolutePath().normalize();
        boolean available = Files.isDirectory(Path.of("/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog"))
                && exec(List.of("go", "version")).status() == 0;
        if (!available) {
            if ("true".equals(System.getenv("CUSTODIA_REQUIRE_INTEROP"))) {
                fail("CUSTODIA_REQUIRE_INTEROP=true but Go and golang.org/x/mod are not installed");
            }
            return null;
        }
        Path binary = tmp.resolve("interop");
        Run build = exec(List.of("go", "build", "-o", binary.toString(), source.toString()));
        assertThat(build.status()).as(build.output()).isZero();
        return binary;
    }

    private static Run exec(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("GO111MODULE", "off");
        pb.environment().put("GOPATH", "/usr/share/gocode");
        pb.environment().put("GOFLAGS", "");
        pb.environment().put("CGO_ENABLED", "0");
        pb.environment().put("GOCACHE", Path.of("target/gocache").toAbsolutePath().toString());
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            return new Run(-1, e.getMessage());
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, output + " (timed out)");
        }
        return new Run(p.exitValue(), output);
    }

    record Run(int status, String output) {
    }
}
