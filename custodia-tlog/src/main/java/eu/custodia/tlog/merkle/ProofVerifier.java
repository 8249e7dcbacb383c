package eu.custodia.tlog.merkle;

import eu.custodia.tlog.VerificationException;
import java.security.MessageDigest;
import java.util.List;

/**
 * Verification of inclusion and consistency proofs exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 specify,
 * including the final checks ({@code sn == 0}) that reject proofs with missing or extra hashes.
 *
 * <p>Fails closed: every failure is a {@link VerificationException} saying what did not match. A proof
 * longer than 64 hashes is refused before any hashing, since no tree of at most 2^63 leaves needs one.
 */
public final class ProofVerifier {

    /** No proof for a tree of at most 2^63 leaves has more hashes than this. */
    public static final int MAX_PROOF_HASHES = 64;

    private ProofVerifier() {
    }

    /** Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code treeSize} with {@code root}. */
    public static void verifyInclusion(byte[] leafHash, long index, long treeSize, List<byte[]> proof,
            byte[] root) throws VerificationException {
        byte[] computed = rootFromInclusionProof(leafHash, index, treeSize, proof);
        if (!MessageDigest.isEqual(computed, root)) {
            throw new VerificationException("inclusion proof for leaf " + index + " in tree of size "
                    + treeSize + " leads to root " + Hex.encode(computed) + ", not the expected "
                    + (root == null ? "(none)" : Hex.encode(root)));
        }
    }

    /** Runs RFC 9162 §2.1.3.2 steps 1–5 and returns the root the proof commits to. */
    public static byte[] rootFromInclusionProof(byte[] leafHash, long index, long treeSize, List<byte[]> proof)
            throws VerificationException {
        if (index < 0 || treeSize < 0 || index >= treeSize) {
            throw new VerificationException(
                    "leaf index " + index + " is outside the tree of size " + treeSize);
        }
        requireHash("leaf hash", leafHash);
        requireProofHashes(proof);
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (int i = 0; i < proof.size(); i++) {
            byte[] p = proof.get(i);
            if (sn == 0) {
                throw new VerificationException("inclusion proof has " + proof.size()
                        + " hashes; a tree of size " + treeSize + " needs only " + i);
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Rfc9162.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = Rfc9162.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new VerificationException("inclusion proof has " + proof.size()
                    + " hashes, too few for leaf " + index + " in a tree of size " + treeSize);
        }
        return r;
    }

    /**
     * Verifies that the tree of {@code size2} with {@code root2} extends the tree of {@code size1} with
     * {@code root1} (RFC 9162 §2.1.4.2). Equal sizes need an empty proof and equal roots; a proof from the
     * empty tree proves nothing and is refused.
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
            throws VerificationException {
        if (proof == null) {
            proof = List.of();
        }
        if (size1 < 0 || size2 < size1) {
            throw new VerificationException("tree size went from " + size1 + " to " + size2
                    + ": a log only grows");
        }
        if (size1 == 0) {
            throw new VerificationException("a consistency proof from the empty tree proves nothing");
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new VerificationException("sizes are equal (" + size1 + ") but the proof has "
                        + proof.size() + " hashes; it must be empty");
            }
            if (root1 == null || root2 == null || !MessageDigest.isEqual(root1, root2)) {
                throw new VerificationException("two roots for the same tree size " + size1 + " differ");
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new VerificationException("consistency proof from size " + size1 + " to " + size2
                    + " is empty");
        }
        requireProofHashes(proof);
        requireHash("first root", root1);
        requireHash("second root", root2);
        int next = 0;
        byte[] fr;
        byte[] sr;
        if (Long.bitCount(size1) == 1) {
            fr = root1;
        } else {
            fr = proof.get(next++);
        }
        sr = fr;
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        for (; next < proof.size(); next++) {
            byte[] c = proof.get(next);
            if (sn == 0) {
                throw new VerificationException("consistency proof from " + size1 + " to " + size2
                        + " has too many hashes (" + proof.size() + ")");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Rfc9162.nodeHash(c, fr);
                sr = Rfc9162.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = Rfc9162.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new VerificationException("consistency proof from " + size1 + " to " + size2
                    + " has too few hashes (" + proof.size() + ")");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw new VerificationException("consistency proof does not lead to the first root "
                    + Hex.encode(root1) + " of size " + size1 + " (got " + Hex.encode(fr) + ")");
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            throw new VerificationException("consistency proof does not lead to the second root "
                    + Hex.encode(root2) + " of size " + size2 + " (got " + Hex.encode(sr) + ")");
        }
    }

    private static void requireProofHashes(List<byte[]> proof) throws VerificationException {
        if (proof == null) {
            throw new VerificationException("proof is missing");
        }
        if (proof.size() > MAX_PROOF_HASHES) {
            throw new VerificationException("proof has " + proof.size() + " hashes; at most "
                    + MAX_PROOF_HASHES + " are possible");
        }
        for (int i = 0; i < proof.size(); i++) {
            requireHash("proof hash " + i, proof.get(i));
        }
    }

    private static void requireHash(String what, byte[] hash) throws VerificationException {
        if (hash == null || hash.length != Rfc9162.HASH_SIZE) {
            throw new VerificationException(what + " must be " + Rfc9162.HASH_SIZE + " bytes, got "
                    + (hash == null ? "none" : hash.length));
        }
    }
}
