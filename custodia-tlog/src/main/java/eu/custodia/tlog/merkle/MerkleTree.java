package eu.custodia.tlog.merkle;

import eu.custodia.tlog.VerificationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tree heads and proofs of RFC 9162 §2.1, computed from the stored hashes of complete subtrees.
 *
 * <ul>
 *   <li>{@link #rootHash} is {@code MTH(D[n])} of §2.1.1;</li>
 *   <li>{@link #inclusionProof} is {@code PATH(m, D[n])} of §2.1.3.1;</li>
 *   <li>{@link #consistencyProof} is {@code PROOF(m, D[n])} of §2.1.4.1.</li>
 * </ul>
 *
 * Hashes of incomplete subtrees (the right edge of the tree) are recomputed from complete ones, so a
 * {@link HashReader} need only serve complete subtrees; each call reads {@code O(log n)} hashes. No I/O
 * beyond the reader, no state.
 */
public final class MerkleTree {

    private MerkleTree() {
    }

    /** Returns the root hash of the first {@code treeSize} leaves ({@code SHA-256()} when empty). */
    public static byte[] rootHash(HashReader reader, long treeSize) throws VerificationException {
        requireNonNegative("tree size", treeSize);
        return treeSize == 0 ? Rfc9162.emptyRoot() : subtreeHash(reader, 0, treeSize);
    }

    /**
     * Returns the audit path for leaf {@code index} in the tree of {@code treeSize} leaves, ordered from the
     * leaf's sibling up to the root's child, as RFC 9162 §2.1.3.1 defines it.
     */
    public static List<byte[]> inclusionProof(HashReader reader, long index, long treeSize)
            throws VerificationException {
        requireNonNegative("leaf index", index);
        if (index >= treeSize) {
            throw new VerificationException(
                    "leaf index " + index + " is outside the tree of size " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        long m = index;
        while (end - start > 1) {
            long k = largestPowerOfTwoBelow(end - start);
            if (m < k) {
                path.add(subtreeHash(reader, start + k, end));
                end = start + k;
            } else {
                path.add(subtreeHash(reader, start, start + k));
                start += k;
                m -= k;
            }
        }
        Collections.reverse(path);
        return path;
    }

    /**
     * Returns the consistency proof between tree sizes {@code size1} and {@code size2}, as RFC 9162 §2.1.4.1
     * defines it. The proof is empty when the sizes are equal; {@code size1} must be positive otherwise.
     */
    public static List<byte[]> consistencyProof(HashReader reader, long size1, long size2)
            throws VerificationException {
        requireNonNegative("size1", size1);
        if (size1 > size2) {
            throw new VerificationException("size1 " + size1 + " is larger than size2 " + size2);
        }
        if (size1 == size2) {
            return List.of();
        }
        if (size1 == 0) {
            throw new VerificationException("no consistency proof exists from the empty tree");
        }
        List<byte[]> proof = new ArrayList<>();
        long start = 0;
        long end = size2;
        long m = size1;
        boolean wholeTree = true;
        while (m != end - start) {
            long k = largestPowerOfTwoBelow(end - start);
            if (m <= k) {
                proof.add(subtreeHash(reader, start + k, end));
                end = start + k;
            } else {
                proof.add(subtreeHash(reader, start, start + k));
                start += k;
                m -= k;
                wholeTree = false;
            }
        }
        if (!wholeTree) {
            proof.add(subtreeHash(reader, start, end));
        }
        Collections.reverse(proof);
        return proof;
    }

    /** Returns {@code MTH(D[start:end])}; {@code start} is aligned as every RFC 9162 split leaves it. */
    static byte[] subtreeHash(HashReader reader, long start, long end) throws VerificationException {
        long size = end - start;
        if (Long.bitCount(size) == 1) {
            int level = Long.numberOfTrailingZeros(size);
            return checked(reader.hash(level, start >>> level), level, start >>> level);
        }
        long k = largestPowerOfTwoBelow(size);
        return Rfc9162.nodeHash(subtreeHash(reader, start, start + k), subtreeHash(reader, start + k, end));
    }

    /** Returns the largest power of two strictly smaller than {@code n}, for {@code n > 1}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static byte[] checked(byte[] hash, int level, long index) throws VerificationException {
        if (hash == null || hash.length != Rfc9162.HASH_SIZE) {
            throw new VerificationException("hash at level " + level + ", index " + index + " is "
                    + (hash == null ? "missing" : hash.length + " bytes, not " + Rfc9162.HASH_SIZE));
        }
        return hash;
    }

    private static void requireNonNegative(String what, long value) throws VerificationException {
        if (value < 0) {
            throw new VerificationException(what + " must not be negative, got " + value);
        }
    }
}
