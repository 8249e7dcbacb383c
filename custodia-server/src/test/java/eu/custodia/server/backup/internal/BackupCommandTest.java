package eu.custodia.server.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.backup.BackupCounts;
import eu.custodia.server.backup.BackupException;
import eu.custodia.server.backup.BackupProgress;
import eu.custodia.server.backup.BackupResult;
import eu.custodia.server.backup.Backups;
import eu.custodia.server.backup.VerifiedArchive;
import eu.custodia.server.platform.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

/** The commands' arguments, output (English and Italian), progress lines and exit codes, over a stub. */
class BackupCommandTest {

    private static final TenantId A = TenantId.random();
    private static final TenantId B = TenantId.random();
    private static final BackupCounts COUNTS = new BackupCounts(1, 2, 12_000, 24_000, 3, 5_000_000, 4, 1);

    private final List<String> calls = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Backs up A, fails B (as a destroyed KEK would), verifies and restores whatever it is given. */
    private final Backups stub = new Backups() {
        @Override
        public List<TenantId> tenants() {
            return List.of(A, B);
        }

        @Override
        public BackupResult backup(TenantId tenant, Path directory, boolean force, BackupProgress progress) {
            calls.add("backup " + tenant + " " + force);
            if (tenant.equals(B)) {
                throw new BackupException("tenant's keys cannot be used", "le chiavi non sono utilizzabili");
            }
            progress.update(tenant, "records", 3_000, 12_000);
            return new BackupResult(tenant, "b-1", directory.resolve("a.cbk"), directory.resolve("a.cbk.manifest"),
                    "ab", COUNTS, !force);
        }

        @Override
        public VerifiedArchive verify(Path archive, Path manifest, String verifierKey) {
            calls.add("verify " + archive + " " + manifest + " " + verifierKey);
            if (archive.toString().contains("bad")) {
                throw new BackupException("the archive cannot be read", "l'archivio non può essere letto");
            }
            return new VerifiedArchive(A, "b-1", Instant.EPOCH, "ab", "key", COUNTS);
        }

        @Override
        public VerifiedArchive restore(Path archive, Path manifest, String verifierKey, BackupProgress progress) {
            calls.add("restore " + archive);
            return new VerifiedArchive(A, "b-1", Instant.EPOCH, "ab", "key", COUNTS);
        }
    };

    private int run(String command, String... args) {
        BackupCommand cmd = new BackupCommand(stub, new MockEnvironment());
        return cmd.run(command, new DefaultApplicationArguments(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void backupWhenOneTenantFailsThenOthersDoneReportedInBothLanguagesAndExitOne() {
        assertThat(run("backup", "--out=/tmp/x")).isEqualTo(1);
        assertThat(calls).containsExactly("backup " + A + " false", "backup " + B + " false");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("complete and verified archive kept",
                "archivio completo e verificato mantenuto", "tenant " + B + ": FAILED (NON RIUSCITO)",
                "error: tenant's keys cannot be used", "errore: le chiavi non sono utilizzabili",
                "1/2 tenants backed up (tenant salvati), 1 kept from an earlier run",
                "; run the command again to retry (rieseguire il comando per riprovare)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(A + ": records 3,000/12,000 (25%)");
    }

    @Test
    void backupWhenForcedForOneTenantThenWrittenAndExitZero() {
        assertThat(run("backup", "--out=/tmp/x", "--tenant=" + A, "--force")).isZero();
        assertThat(calls).containsExactly("backup " + A + " true");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("archive written (archivio scritto)",
                "12,000 records, 24,000 index entries, 3 blobs (5,000,000 bytes), 4 notices, 1 webhook endpoints",
                "conteggi: ", "12,000 record, 24,000 voci d'indice, 3 blob (5,000,000 byte), 4 avvisi, 1 endpoint"
                        + " webhook", "1/1 tenants backed up");
    }

    @Test
    void verifyAndRestoreWhenGoodThenZeroWhenBadThenOne() {
        assertThat(run("backup", "verify", "--archive=/tmp/a.cbk", "--verifier-key=k")).isZero();
        assertThat(calls).containsExactly("verify /tmp/a.cbk null k");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: archive verified (archivio verificato)");
        assertThat(run("backup", "verify", "--archive=/tmp/bad.cbk")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("error: the archive cannot be read",
                "errore: l'archivio non può essere letto");
        assertThat(run("restore", "--archive=/tmp/a.cbk")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: tenant restored (tenant ripristinato)");
    }

    @Test
    void argumentsWhenMissingOrWrongThenUsageInBothLanguagesAndExitTwo() {
        assertThat(run("backup")).isEqualTo(2);
        assertThat(run("backup", "--out=/tmp/x", "--tenant=acme")).isEqualTo(2);
        assertThat(run("restore")).isEqualTo(2);
        assertThat(run("backup", "frobnicate")).isEqualTo(2);
        assertThat(calls).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required (è obbligatorio)",
                "not a tenant id (non è un id di tenant)", "Usage:", "Uso:");
    }
}
