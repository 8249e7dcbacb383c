package eu.custodia.server.records;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * A tenant's blobs: byte streams up to {@code custodia.records.max-blob-size} (5 GiB), sealed on the way in
 * with the tenant's streaming AEAD and opened on the way out, never held whole in memory. Decided like
 * {@link Records} ({@code records:write} to write and delete, {@code records:read} to read), versioned the
 * same way, every read and write ledgered as metadata.
 */
public interface Blobs {

    /** Streams {@code body} into a new version of the blob; {@code declaredLength} is -1 when unknown. */
    BlobInfo write(Caller caller, TenantId tenant, String blobId, String contentType, InputStream body,
            long declaredLength, Precondition precondition) throws IOException;

    /** The blob's metadata (decided and ledgered as a read). */
    BlobInfo info(Caller caller, TenantId tenant, String blobId);

    /**
     * Opens the blob for reading: decided and ledgered now; the returned stream decrypts as it is read and
     * throws {@link IOException} if the sealed file was altered, truncated or moved.
     */
    OpenBlob open(Caller caller, TenantId tenant, String blobId) throws IOException;

    void delete(Caller caller, TenantId tenant, String blobId, Precondition precondition);

    /** A page of blobs' metadata in id order. */
    BlobPage list(Caller caller, TenantId tenant, String cursor, int limit);

    /** An opened blob: its metadata and the decrypting stream (the caller closes it). */
    record OpenBlob(BlobInfo info, InputStream content) {
    }

    /** A page of blobs and the opaque cursor of the next page (null on the last). */
    record BlobPage(List<BlobInfo> blobs, String nextCursor) {

        public BlobPage {
            blobs = List.copyOf(blobs);
        }
    }

    /** Copies an opened blob to {@code out}, closing the blob. */
    static long copy(OpenBlob blob, OutputStream out) throws IOException {
        try (InputStream in = blob.content()) {
            return in.transferTo(out);
        }
    }
}
