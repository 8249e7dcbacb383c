package eu.custodia.server.backup;

import eu.custodia.server.platform.TenantId;

/** Told how far a backup or restore of one tenant has gone, e.g. to print a progress line. */
@FunctionalInterface
public interface BackupProgress {

    /** Ignores progress. */
    BackupProgress NONE = (tenant, part, done, total) -> { };

    /**
     * @param tenant the tenant
     * @param part what is being copied: {@code collections}, {@code records}, {@code index}, {@code blobs},
     *     {@code notices}, {@code webhook-endpoints}, {@code blob-files}
     * @param done how many of the part are done
     * @param total how many there are (known before a backup starts; the manifest's count on restore)
     */
    void update(TenantId tenant, String part, long done, long total);
}
