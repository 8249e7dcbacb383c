package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupProgress;
import eu.custodia.server.backup.BackupResult;
import eu.custodia.server.backup.Backups;
import eu.custodia.server.platform.TenantId;
import java.nio.file.Path;

/** Writes archives as an earlier version did, for tests that older archives still verify and restore. */
public final class OlderArchives {

    private OlderArchives() {
    }

    /** A new archive of {@code tenant} in {@code directory} with a {@code custodia-backup-body/v1} body. */
    public static BackupResult backupV1(Backups backups, TenantId tenant, Path directory) {
        return ((DefaultBackups) backups).backup(tenant, directory, true, BackupProgress.NONE, BodyCodec.FORMAT_V1);
    }
}
