package eu.custodia.server.vault;

import eu.custodia.server.platform.TenantId;

/**
 * The tenant was crypto-shredded: its key-encryption keys were destroyed, so its records, blobs and backups
 * can never be read again. Answered as 410 {@code urn:custodia:problem:tenant-shredded}.
 */
public final class TenantShreddedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TenantShreddedException(TenantId tenant) {
        super("tenant " + tenant + " was crypto-shredded", null, false, false);
    }
}
