package eu.custodia.server.tenancy.internal.k8s;

import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.Tenants;
import eu.custodia.tlog.merkle.Rfc9162;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code ./custodia tenant render-k8s <tenant-id> [--out=DIR]}: looks the tenant up in the configured store and
 * writes its Kubernetes isolation manifests ({@link TenantManifests}) to standard output as one multi-document
 * YAML, or one file per manifest into {@code DIR}, with each SHA-256 on standard error. Runs without a web
 * server and changes nothing in the store. Exit code 0 when rendered, 1 when the tenant does not exist or the
 * files cannot be written, 2 on a usage error. A {@code baseline} tenant gets the same manifests, with a note
 * that they are required only for {@code strict}.
 */
@Component
@Profile(TenantCommand.PROFILE)
final class TenantCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String PROFILE = "tenant";
    static final String USAGE = """
            Usage: ./custodia tenant render-k8s <tenant-id> [--out=DIR]
              writes the tenant's Kubernetes isolation manifests (Namespace, NetworkPolicies, ResourceQuota,
              LimitRange, ServiceAccount) to standard output, or one file each into DIR
            Uso: ./custodia tenant render-k8s <id-tenant> [--out=DIR]
              scrive i manifest Kubernetes di isolamento del tenant (Namespace, NetworkPolicy, ResourceQuota,
              LimitRange, ServiceAccount) sullo standard output, o un file ciascuno nella cartella DIR
            """;

    private final Tenants tenants;
    private final TenantManifests manifests;
    private volatile int exitCode = 2;

    TenantCommand(Tenants tenants, TenantK8sProperties properties) {
        this.tenants = tenants;
        this.manifests = new TenantManifests(properties);
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> out = args.getOptionValues("out");
        // The real standard output, whatever System.out is: the launcher sends System.out (the log) to standard
        // error for this command, so that the YAML can be piped as it is.
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        exitCode = run(args.getNonOptionArgs(), out == null || out.isEmpty() ? null : out.get(out.size() - 1),
                stdout, System.err);
    }

    /** Runs the command on its arguments (after {@code tenant}) and returns its exit code. */
    int run(List<String> args, String outDir, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !"render-k8s".equals(args.get(0)) || (outDir != null && outDir.isBlank())) {
            err.print(USAGE);
            err.flush();
            return 2;
        }
        TenantId id = TenantId.parseOrNull(args.get(1));
        if (id == null) {
            err.println("custodia: '" + printable(args.get(1)) + "' is not a tenant id (t- and 26 base32 characters)"
                    + " / non è un id di tenant (t- e 26 caratteri base32)");
            return 2;
        }
        Optional<Tenant> tenant = tenants.find(id);
        if (tenant.isEmpty()) {
            err.println("custodia: no tenant " + id + " in the configured store"
                    + " / nessun tenant " + id + " nell'archivio configurato");
            return 1;
        }
        String profile = tenant.get().contract().policyProfile();
        if (!"strict".equals(profile)) {
            err.println("custodia: tenant " + id + " is on the " + profile + " profile: these manifests are required"
                    + " for strict tenants and recommended for the others / il tenant " + id + " ha il profilo "
                    + profile + ": questi manifest sono obbligatori per i tenant strict e consigliati per gli altri");
        }
        List<Manifest> rendered = manifests.render(id, profile);
        return outDir == null ? print(rendered, out, err) : write(rendered, Path.of(outDir), err);
    }

    private static int print(List<Manifest> rendered, PrintStream out, PrintStream err) {
        byte[] yaml = TenantManifests.yaml(rendered).getBytes(StandardCharsets.UTF_8);
        out.write(yaml, 0, yaml.length);
        out.flush();
        err.println(sha256(yaml) + "  -");
        return 0;
    }

    private static int write(List<Manifest> rendered, Path dir, PrintStream err) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < rendered.size(); i++) {
                Manifest manifest = rendered.get(i);
                byte[] yaml = TenantManifests.yaml(manifest).getBytes(StandardCharsets.UTF_8);
                Path file = dir.resolve(manifest.fileName(i + 1));
                Files.write(file, yaml);
                err.println(sha256(yaml) + "  " + file);
            }
            return 0;
        } catch (IOException e) {
            err.println("custodia: cannot write the manifests into " + dir + " / impossibile scrivere i manifest in "
                    + dir + ": " + e.getMessage());
            return 1;
        }
    }

    /** Hex SHA-256, as {@code sha256sum} prints it, so the operator can record and later compare it. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Rfc9162.newDigest().digest(bytes));
    }

    private static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return shown.replaceAll("[^\\x20-\\x7e…]", "?");
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
