package eu.custodia.server.records;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.TenantId;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Where each blob's sealed bytes live: {@code <blob-dir>/<tenant id>/<blob id>.v<version>}, one file per
 * version, written once (to a temporary name, then moved into place) and never changed. Each file is the
 * tenant's streaming AEAD ciphertext (Tink AES-256-GCM-HKDF, 1 MB segments) under associated data
 * {@code custodia/blobs/v1|<tenant>|<blob id>|<version>}; without the tenant's keys it is noise.
 */
@Component
public final class BlobFiles {

    private final Path root;

    public BlobFiles(RecordsProperties records, CustodiaProperties custodia) {
        this.root = (records.blobDir() != null ? records.blobDir()
                : custodia.dataDir().resolve("vault").resolve("blobs")).toAbsolutePath();
    }

    /** The directory holding every tenant's blob files. */
    public Path root() {
        return root;
    }

    /** The directory of one tenant's blob files. */
    public Path tenantDir(TenantId tenant) {
        return root.resolve(tenant.value());
    }

    /** The sealed file of {@code blobId} at {@code version}. */
    public Path file(TenantId tenant, String blobId, long version) {
        return tenantDir(tenant).resolve(blobId + ".v" + version);
    }
}
