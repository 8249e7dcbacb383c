package eu.custodia.bench.tlog;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.List;

/**
 * The SHA-256 work that building a Merkle tree over a batch of entries cannot avoid, and nothing else: one
 * RFC 9162 leaf hash {@code SHA-256(0x00 || entry)} per entry, then {@code n - 1} node hashes
 * {@code SHA-256(0x01 || left || right)} that fold the {@code n} leaf hashes into one root, with one reused
 * {@link MessageDigest} and no allocation. Its throughput is this machine's limit for tree building and log
 * verification: a tree builder or verifier can approach it but not pass it.
 */
public final class Sha256Limit {

    private static final int H = 32;

    private final MessageDigest md;
    private final byte[] hashes;

    /** Prepares for batches of at most {@code maxEntries} entries. */
    public Sha256Limit(int maxEntries) {
        this.md = eu.custodia.tlog.merkle.Rfc9162.newDigest();
        this.hashes = new byte[Math.max(1, maxEntries) * H];
    }

    /**
     * Hashes {@code entries} as leaves and folds them into a root; returns the internal buffer whose first
     * 32 bytes are the root (the RFC 9162 root for a power-of-two count, an equal amount of work otherwise).
     */
    public byte[] hash(List<byte[]> entries) {
        int n = entries.size();
        for (int i = 0; i < n; i++) {
            md.update((byte) 0x00);
            md.update(entries.get(i));
            finish(i * H);
        }
        for (int count = n; count > 1; count = (count + 1) / 2) {
            int pairs = count / 2;
            for (int i = 0; i < pairs; i++) {
                md.update((byte) 0x01);
                md.update(hashes, 2 * i * H, 2 * H);
                finish(i * H);
            }
            if ((count & 1) != 0) {
                System.arraycopy(hashes, (count - 1) * H, hashes, pairs * H, H);
            }
        }
        return hashes;
    }

    private void finish(int offset) {
        try {
            md.digest(hashes, offset, H);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}
