package eu.custodia.server.records;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The records module's settings ({@code custodia.records.*}).
 *
 * @param blobDir where sealed blob files live; empty means {@code <data-dir>/vault/blobs}. Nodes sharing a
 *     PostgreSQL store must share this directory too (a network file system or a mounted volume).
 * @param maxBlobSize the largest blob accepted (5 GiB)
 * @param reencryptionBatch how many documents re-encryption seals again per transaction (200): at most this
 *     much work is redone after a crash
 */
@ConfigurationProperties("custodia.records")
public record RecordsProperties(Path blobDir, @DefaultValue("5GB") DataSize maxBlobSize,
        @DefaultValue("200") int reencryptionBatch) {

    public RecordsProperties {
        if (reencryptionBatch < 1 || reencryptionBatch > 10_000) {
            throw new IllegalArgumentException("custodia.records.reencryption-batch must be between 1 and 10000");
        }
        if (maxBlobSize.isNegative() || maxBlobSize.toBytes() == 0) {
            throw new IllegalArgumentException("custodia.records.max-blob-size must be positive");
        }
    }
}
