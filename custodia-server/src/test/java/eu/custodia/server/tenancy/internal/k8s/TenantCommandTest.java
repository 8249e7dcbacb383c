package eu.custodia.server.tenancy.internal.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code ./custodia tenant render-k8s} against a store: an existing tenant's manifests on standard output or
 * as files, each with its SHA-256; an unknown tenant, a malformed id and a wrong sub-command refused in English
 * and Italian with exit codes 1 and 2; a baseline tenant rendered with a note.
 */
@CustodiaTest
@ActiveProfiles(TenantCommand.PROFILE)
class TenantCommandTest {

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);

    @Autowired
    TenantCommand command;
    @Autowired
    TenantCommands tenants;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private TenantId tenant(String profile) {
        return tenants.create(TestAdministrators.create(accounts, keys, clock).caller(), new TenantContract(
                "Isolata S.r.l.", "IT12345678901", "IT", "SaaS", List.of(), new TenantContract.Dpa("DPA-1",
                        LocalDate.of(2026, 1, 1)), List.of(), profile, "eu-south-1", 90, 24, 14,
                new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
    }

    private int run(String outDir, String... args) {
        return command.run(List.of(args), outDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void renderWhenStrictTenantExistsThenItsManifestsOnStandardOutputAndTheirDigestOnStandardError() {
        TenantId id = tenant("strict");
        assertThat(run(null, "render-k8s", id.value())).isZero();
        byte[] yaml = out.toByteArray();
        List<Object> documents = new java.util.ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(out()).forEach(documents::add);
        assertThat(documents).hasSize(7);
        assertThat(documents).extracting(d -> (Object) ((Map<?, ?>) d).get("kind")).contains("Namespace", "NetworkPolicy",
                "ResourceQuota", "LimitRange", "ServiceAccount");
        assertThat(out()).contains("name: custodia-" + id.value(), "pod-security.kubernetes.io/enforce: restricted",
                "custodia.eu/tenant: " + id.value(), "custodia.eu/policy-profile: strict",
                "automountServiceAccountToken: false");
        assertThat(err()).isEqualTo(TenantCommand.sha256(yaml) + "  -" + System.lineSeparator());
    }

    @Test
    void renderWhenOutDirectoryThenOneFilePerManifestEachWithItsDigest() throws IOException {
        TenantId id = tenant("strict");
        Path target = dir.resolve("manifests");
        assertThat(run(target.toString(), "render-k8s", id.value())).isZero();
        assertThat(out()).isEmpty();
        List<Path> files;
        try (Stream<Path> listing = Files.list(target)) {
            files = listing.sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("01-namespace-custodia-"
                + id.value() + ".yaml", "02-networkpolicy-default-deny-all.yaml",
                "03-networkpolicy-allow-ingress-from-gateway.yaml", "04-networkpolicy-allow-dns-egress.yaml",
                "05-resourcequota-tenant-quota.yaml", "06-limitrange-tenant-limits.yaml",
                "07-serviceaccount-default.yaml");
        for (Path file : files) {
            assertThat(err()).contains(TenantCommand.sha256(Files.readAllBytes(file)) + "  " + file);
        }
        assertThat(Files.readString(files.get(6))).contains("automountServiceAccountToken: false");
    }

    @Test
    void renderWhenBaselineTenantThenRenderedWithANoteInBothLanguages() {
        TenantId id = tenant("baseline");
        assertThat(run(null, "render-k8s", id.value())).isZero();
        assertThat(out()).contains("custodia.eu/policy-profile: baseline",
                "pod-security.kubernetes.io/enforce: restricted");
        assertThat(err()).contains("is on the baseline profile", "required for strict tenants",
                "ha il profilo baseline", "obbligatori per i tenant strict");
    }

    @Test
    void renderWhenTenantUnknownThenRefusedInBothLanguagesWithExitOneAndNothingWritten() {
        String unknown = TenantId.random().value();
        assertThat(run(null, "render-k8s", unknown)).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("no tenant " + unknown + " in the configured store",
                "nessun tenant " + unknown + " nell'archivio configurato");
        assertThat(run(dir.resolve("none").toString(), "render-k8s", unknown)).isEqualTo(1);
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void renderWhenMalformedIdOrWrongSubcommandThenUsageErrorExitTwo() {
        assertThat(run(null, "render-k8s", "../../etc/passwd")).isEqualTo(2);
        assertThat(err()).contains("is not a tenant id", "non è un id di tenant");
        assertThat(run(null, "render-helm", TenantId.random().value())).isEqualTo(2);
        assertThat(run(null)).isEqualTo(2);
        assertThat(run("", "render-k8s", TenantId.random().value())).isEqualTo(2);
        assertThat(err()).contains("Usage: ./custodia tenant render-k8s", "Uso: ./custodia tenant render-k8s");
        assertThat(out()).isEmpty();
        // Started without arguments (as this test's context was), the command printed its usage: exit code 2.
        assertThat(command.getExitCode()).isEqualTo(2);
    }
}
