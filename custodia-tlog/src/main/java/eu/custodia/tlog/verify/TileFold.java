package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.Rfc9162;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.DigestException;
import java.util.Arrays;

/**
 * The right edge ("compact range") of an RFC 9162 tree being rebuilt leaf by leaf, in O(log n) memory.
 * Every complete subtree hash is reported to a {@link Sink} as soon as it exists, which lets the caller
 * compare it with the hash a log stored for it. The fold can be saved and restored to resume a long run.
 */
final class TileFold {

    /** Receives each complete subtree hash; the array is reused after the call returns. */
    interface Sink {
        void completed(int level, long index, byte[] hash, int offset) throws VerificationException, IOException;
    }

    private static final int MAX_LEVELS = 64;
    private static final int H = Rfc9162.HASH_SIZE;

    private final MessageDigest digest = Rfc9162.newDigest();
    private final byte[] right = new byte[MAX_LEVELS * H];
    private final byte[] scratch = new byte[2 * H + 1];
    private final byte[] carry = new byte[H];
    private long size;

    TileFold() {
    }

    /** Restores a fold of {@code size} leaves from its right-edge hashes, lowest level first. */
    TileFold(long size, byte[] rightEdge) {
        if (rightEdge.length != Long.bitCount(size) * H) {
            throw new IllegalArgumentException("right edge of size " + size + " needs "
                    + Long.bitCount(size) + " hashes");
        }
        this.size = size;
        int next = 0;
        for (int level = 0; level < MAX_LEVELS; level++) {
            if ((size >>> level & 1) == 1) {
                System.arraycopy(rightEdge, next, right, level * H, H);
                next += H;
            }
        }
    }

    long size() {
        return size;
    }

    /** Returns the right-edge hashes (one per set bit of the size, lowest level first) for saving. */
    byte[] rightEdge() {
        byte[] out = new byte[Long.bitCount(size) * H];
        int next = 0;
        for (int level = 0; level < MAX_LEVELS; level++) {
            if ((size >>> level & 1) == 1) {
                System.arraycopy(right, level * H, out, next, H);
                next += H;
            }
        }
        return out;
    }

    /** Hashes one entry as a leaf and folds it in, reporting every subtree it completes. */
    void appendEntry(byte[] buf, int offset, int length, Sink sink) throws VerificationException, IOException {
        digest.update((byte) 0x00);
        digest.update(buf, offset, length);
        finish(carry);
        long index = size;
        sink.completed(0, index, carry, 0);
        int level = 0;
        while ((index >>> level & 1) == 1) {
            scratch[0] = 0x01;
            System.arraycopy(right, level * H, scratch, 1, H);
            System.arraycopy(carry, 0, scratch, 1 + H, H);
            digest.update(scratch, 0, scratch.length);
            finish(carry);
            level++;
            sink.completed(level, index >>> level, carry, 0);
        }
        System.arraycopy(carry, 0, right, level * H, H);
        size++;
    }

    /** Returns the RFC 9162 root of the leaves folded so far. */
    byte[] root() {
        if (size == 0) {
            return Rfc9162.emptyRoot();
        }
        byte[] r = null;
        for (int level = 0; level < MAX_LEVELS; level++) {
            if ((size >>> level & 1) == 1) {
                byte[] h = Arrays.copyOfRange(right, level * H, level * H + H);
                r = r == null ? h : Rfc9162.nodeHash(h, r);
            }
        }
        return r;
    }

    private void finish(byte[] out) {
        try {
            digest.digest(out, 0, H);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output does not fit 32 bytes", e);
        }
    }
}
