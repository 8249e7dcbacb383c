package eu.custodia.server.backup;

/**
 * What one archive holds, counted (metadata only: the manifest and the ledger carry these numbers).
 *
 * @param transitions rows of the tenant's lifecycle history ({@code tenant_transitions})
 * @param collections collections
 * @param records documents
 * @param indexEntries blind-index entries
 * @param blobs blobs (metadata rows, each with its sealed file)
 * @param blobBytes bytes of the sealed blob files
 * @param notices notices to the tenant's security contact (0 in an archive written before they were backed up)
 * @param webhookEndpoints the tenant's webhook endpoints (each secret still sealed; 0 likewise)
 */
public record BackupCounts(long transitions, long collections, long records, long indexEntries, long blobs,
        long blobBytes, long notices, long webhookEndpoints) {
}
