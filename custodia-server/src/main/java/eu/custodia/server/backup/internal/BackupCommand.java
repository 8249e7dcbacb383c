package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupException;
import eu.custodia.server.backup.BackupProgress;
import eu.custodia.server.backup.BackupResult;
import eu.custodia.server.backup.Backups;
import eu.custodia.server.backup.VerifiedArchive;
import eu.custodia.server.platform.TenantId;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code ./custodia backup}, {@code ./custodia backup verify} and {@code ./custodia restore} (profiles
 * {@code backup} and {@code restore}, no web server). Progress goes to standard error, the report to standard
 * output, in English and Italian; exit code 0 when everything succeeded, 1 when something failed, 2 for bad
 * arguments. A failed tenant does not stop the others: run the command again to retry what failed.
 */
@Component
@Profile({BackupCommand.BACKUP, BackupCommand.RESTORE})
final class BackupCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String BACKUP = "backup";
    static final String RESTORE = "restore";

    static final String USAGE = """
            Usage:
              ./custodia backup --out=DIR [--tenant=ID]... [--force]
                  one encrypted archive per tenant (every tenant by default) and its signed manifest in DIR;
                  tenants whose latest archive in DIR is complete and verified are skipped unless --force
              ./custodia backup verify --archive=FILE [--manifest=FILE] [--verifier-key=KEY]
                  checks the manifest signature, the SHA-256 digests and that the whole body decrypts; writes nothing
              ./custodia restore --archive=FILE [--manifest=FILE] [--verifier-key=KEY]
                  verifies, then restores the tenant into this store, where it must have no data yet
            Uso:
              ./custodia backup --out=CARTELLA [--tenant=ID]... [--force]
                  un archivio cifrato per tenant (tutti, se non indicati) e il suo manifesto firmato in CARTELLA;
                  i tenant con un archivio completo e verificato in CARTELLA sono saltati, salvo --force
              ./custodia backup verify --archive=FILE [--manifest=FILE] [--verifier-key=CHIAVE]
                  controlla la firma del manifesto, gli SHA-256 e che tutto il corpo si decifri; non scrive nulla
              ./custodia restore --archive=FILE [--manifest=FILE] [--verifier-key=CHIAVE]
                  verifica, poi ripristina il tenant in questo archivio dati, dove non deve avere ancora dati
            """;

    private final Backups backups;
    private final Environment environment;
    private volatile int exitCode = 1;

    BackupCommand(Backups backups, Environment environment) {
        this.backups = backups;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean restore = environment.matchesProfiles(RESTORE);
        exitCode = run(restore ? RESTORE : BACKUP, args, System.out, System.err);
    }

    int run(String command, ApplicationArguments args, PrintStream out, PrintStream err) {
        List<String> words = args.getNonOptionArgs();
        try {
            if (RESTORE.equals(command) && words.isEmpty()) {
                return restore(args, out, err);
            }
            if (BACKUP.equals(command) && words.equals(List.of("verify"))) {
                return verify(args, out);
            }
            if (BACKUP.equals(command) && words.isEmpty()) {
                return backup(args, out, err);
            }
            err.print(USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("custodia " + command + ": " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (BackupException e) {
            printFailure(out, e);
            return 1;
        }
    }

    private int backup(ApplicationArguments args, PrintStream out, PrintStream err) {
        Path dir = Path.of(required(args, "out"));
        boolean force = args.containsOption("force");
        List<TenantId> tenants = new ArrayList<>();
        for (String value : option(args, "tenant")) {
            TenantId tenant = TenantId.parseOrNull(value);
            if (tenant == null) {
                throw new IllegalArgumentException("not a tenant id (non è un id di tenant): " + value);
            }
            tenants.add(tenant);
        }
        if (tenants.isEmpty()) {
            tenants.addAll(backups.tenants());
        }
        int failed = 0;
        int kept = 0;
        BackupProgress progress = progress(err);
        for (TenantId tenant : tenants) {
            try {
                BackupResult r = backups.backup(tenant, dir, force, progress);
                if (r.skipped()) {
                    kept++;
                    out.println("tenant " + tenant + ": complete and verified archive kept (archivio completo e"
                            + " verificato mantenuto): " + r.archive() + " (--force to write a new one / per"
                            + " scriverne uno nuovo)");
                } else {
                    out.println("tenant " + tenant + ": archive written (archivio scritto): " + r.archive());
                    out.println("  manifest (manifesto): " + r.manifest());
                    out.println("  sha256 " + r.sha256() + "; " + counts(r.counts()));
                    out.println("  " + conteggi(r.counts()));
                }
            } catch (BackupException e) {
                failed++;
                out.println("tenant " + tenant + ": FAILED (NON RIUSCITO)");
                printFailure(out, e);
            } catch (RuntimeException e) {
                failed++;
                out.println("tenant " + tenant + ": FAILED (NON RIUSCITO)");
                printFailure(out, new BackupException("unexpected " + e.getClass().getSimpleName() + ": "
                        + e.getMessage(), "errore imprevisto " + e.getClass().getSimpleName(), e));
            }
        }
        out.println(tenants.size() - failed + "/" + tenants.size() + " tenants backed up (tenant salvati)"
                + (kept > 0 ? ", " + kept + " kept from an earlier run (mantenuti da un'esecuzione precedente)" : "")
                + (failed > 0 ? "; run the command again to retry (rieseguire il comando per riprovare)" : ""));
        return failed == 0 ? 0 : 1;
    }

    private int verify(ApplicationArguments args, PrintStream out) {
        VerifiedArchive v = backups.verify(Path.of(required(args, "archive")), manifest(args),
                single(args, "verifier-key"));
        report(out, "archive verified (archivio verificato)", v);
        return 0;
    }

    private int restore(ApplicationArguments args, PrintStream out, PrintStream err) {
        VerifiedArchive v = backups.restore(Path.of(required(args, "archive")), manifest(args),
                single(args, "verifier-key"), progress(err));
        report(out, "tenant restored (tenant ripristinato)", v);
        return 0;
    }

    private static void report(PrintStream out, String title, VerifiedArchive v) {
        out.println("OK: " + title);
        out.println("  tenant " + v.tenant() + ", archive (archivio) " + v.archiveId() + ", created (creato) "
                + v.createdAt());
        out.println("  manifest signed by (manifesto firmato da) " + v.signer());
        out.println("  sha256 " + v.sha256() + "; " + counts(v.counts()));
        out.println("  " + conteggi(v.counts()));
    }

    private static String counts(eu.custodia.server.backup.BackupCounts c) {
        return String.format(Locale.ROOT, "%,d collections, %,d records, %,d index entries, %,d blobs (%,d bytes),"
                + " %,d notices, %,d webhook endpoints", c.collections(), c.records(), c.indexEntries(), c.blobs(),
                c.blobBytes(), c.notices(), c.webhookEndpoints());
    }

    /** The counts in Italian, on a line of their own under the English ones. */
    private static String conteggi(eu.custodia.server.backup.BackupCounts c) {
        return String.format(Locale.ROOT, "conteggi: %,d collezioni, %,d record, %,d voci d'indice, %,d blob (%,d"
                + " byte), %,d avvisi, %,d endpoint webhook", c.collections(), c.records(), c.indexEntries(),
                c.blobs(), c.blobBytes(), c.notices(), c.webhookEndpoints());
    }

    private static void printFailure(PrintStream out, BackupException e) {
        out.println("error: " + e.english());
        out.println("errore: " + e.italian());
    }

    private static BackupProgress progress(PrintStream err) {
        return (tenant, part, done, total) -> err.println(String.format(Locale.ROOT, "%s: %s %,d/%,d (%d%%)",
                tenant, part, done, total, total == 0 ? 100 : done * 100 / total));
    }

    private static Path manifest(ApplicationArguments args) {
        String value = single(args, "manifest");
        return value == null ? null : Path.of(value);
    }

    private static List<String> option(ApplicationArguments args, String name) {
        List<String> values = args.getOptionValues(name);
        return values == null ? List.of() : values;
    }

    private static String single(ApplicationArguments args, String name) {
        List<String> values = option(args, name);
        if (values.size() > 1) {
            throw new IllegalArgumentException("--" + name + " given twice (indicato due volte)");
        }
        return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    private static String required(ApplicationArguments args, String name) {
        String value = single(args, name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required (è obbligatorio)");
        }
        return value;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
