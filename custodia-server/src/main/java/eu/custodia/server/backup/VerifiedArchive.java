package eu.custodia.server.backup;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;

/**
 * An archive whose manifest signature, digests and encrypted body all checked out.
 *
 * @param tenant the tenant it belongs to
 * @param archiveId its id
 * @param createdAt when it was written
 * @param sha256 SHA-256 of the archive file, lower-case hex
 * @param signer the verifier key (C2SP text form) that signed the manifest
 * @param counts what it holds
 */
public record VerifiedArchive(TenantId tenant, String archiveId, Instant createdAt, String sha256, String signer,
        BackupCounts counts) {
}
