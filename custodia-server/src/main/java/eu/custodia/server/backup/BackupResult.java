package eu.custodia.server.backup;

import eu.custodia.server.platform.TenantId;
import java.nio.file.Path;

/**
 * One tenant's archive, written now or found complete and verified from an earlier run.
 *
 * @param tenant the tenant
 * @param archiveId the archive's id ({@code b-…})
 * @param archive the archive file
 * @param manifest its signed manifest
 * @param sha256 SHA-256 of the archive file, lower-case hex
 * @param counts what it holds
 * @param skipped true when an earlier complete and verified archive was kept instead of writing a new one
 */
public record BackupResult(TenantId tenant, String archiveId, Path archive, Path manifest, String sha256,
        BackupCounts counts, boolean skipped) {
}
