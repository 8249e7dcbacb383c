package eu.custodia.tlog.tiles;

import eu.custodia.tlog.merkle.Rfc9162;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * RFC 9162 §2.1.1 leaf and node hashing into caller-owned buffers, with one reused digest and no
 * allocation per hash. Produces exactly {@link Rfc9162#leafHash(byte[])} and {@link Rfc9162#nodeHash}.
 * Not thread-safe: one instance per thread.
 */
final class TileHasher {

    private static final int H = Rfc9162.HASH_SIZE;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private static final ThreadLocal<TileHasher> LOCAL = ThreadLocal.withInitial(TileHasher::new);

    private final MessageDigest md = Rfc9162.newDigest();
    private final byte[] scratch = new byte[TileMath.TILE_WIDTH / 2 * H];

    /** Returns this thread's instance. */
    static TileHasher local() {
        return LOCAL.get();
    }

    /** Writes {@code SHA-256(0x00 || entry)} to {@code out[off, off+32)}. */
    void leafHash(byte[] entry, byte[] out, int off) {
        md.update(LEAF_PREFIX);
        md.update(entry);
        finish(out, off);
    }

    /** Writes {@code SHA-256(0x01 || in[inOff, inOff+64))} (left then right child) to {@code out[off..]}. */
    void nodeHash(byte[] in, int inOff, byte[] out, int off) {
        md.update(NODE_PREFIX);
        md.update(in, inOff, 2 * H);
        finish(out, off);
    }

    /**
     * Hashes the {@code count} (a power of two) consecutive hashes at {@code in[inOff..]} up to their
     * subtree hash, written to {@code out[off..]}; {@code count} is at most 256.
     */
    void subtreeHash(byte[] in, int inOff, int count, byte[] out, int off) {
        if (count == 1) {
            System.arraycopy(in, inOff, out, off, H);
            return;
        }
        int n = count / 2;
        for (int i = 0; i < n; i++) {
            nodeHash(in, inOff + 2 * i * H, scratch, i * H);
        }
        for (; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                nodeHash(scratch, 2 * i * H, scratch, i * H);
            }
        }
        System.arraycopy(scratch, 0, out, off, H);
    }

    /**
     * Returns every complete subtree hash of a tile of {@code width} hashes, level by level: the
     * {@code width} hashes themselves, then the {@code width / 2} hashes one level up, and so on while a
     * complete subtree exists. {@link #expandedOffset} locates a level in the result.
     */
    byte[] expand(byte[] tile, int width) {
        byte[] out = new byte[expandedOffset(width, Integer.numberOfTrailingZeros(Integer.highestOneBit(width)) + 1) * H];
        System.arraycopy(tile, 0, out, 0, width * H);
        int from = 0;
        int to = width;
        for (int n = width / 2; n >= 1; n /= 2) {
            for (int i = 0; i < n; i++) {
                nodeHash(out, (from + 2 * i) * H, out, (to + i) * H);
            }
            from = to;
            to += n;
        }
        return out;
    }

    /** Returns the index, in hashes, of the first hash at tile-relative {@code level} of an expanded tile. */
    static int expandedOffset(int width, int level) {
        int offset = 0;
        for (int k = 0; k < level; k++) {
            offset += width >>> k;
        }
        return offset;
    }

    private void finish(byte[] out, int off) {
        try {
            md.digest(out, off, H);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output does not fit 32 bytes", e);
        }
    }
}
