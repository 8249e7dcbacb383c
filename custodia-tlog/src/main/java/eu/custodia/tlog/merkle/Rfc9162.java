package eu.custodia.tlog.merkle;

import eu.custodia.tlog.SuppressForbidden;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Merkle tree hashing of RFC 9162 §2.1.1 (identical to RFC 6962 §2.1), with SHA-256.
 *
 * <ul>
 *   <li>{@code MTH({}) = SHA-256()}</li>
 *   <li>{@code MTH({d(0)}) = SHA-256(0x00 || d(0))} (leaf hash)</li>
 *   <li>{@code MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))} (node hash)</li>
 * </ul>
 *
 * The domain-separation prefixes make a leaf hash impossible to confuse with an interior node hash
 * (second-preimage protection). Thread-safe; no I/O.
 */
public final class Rfc9162 {

    /** Length of every hash in bytes. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final byte[] EMPTY_ROOT = newDigest().digest();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Rfc9162::newDigest);

    private Rfc9162() {
    }

    /** Returns {@code SHA-256(0x00 || entry)}, the hash of one log entry. */
    public static byte[] leafHash(byte[] entry) {
        return leafHash(entry, 0, entry.length);
    }

    /** Returns {@code SHA-256(0x00 || entry[offset, offset+length))}. */
    public static byte[] leafHash(byte[] entry, int offset, int length) {
        MessageDigest md = DIGEST.get();
        md.update(LEAF_PREFIX);
        md.update(entry, offset, length);
        return md.digest();
    }

    /** Returns {@code SHA-256(0x01 || left || right)}, the hash of an interior node. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = DIGEST.get();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** Returns the root hash of the empty tree, {@code SHA-256()}. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** Returns a new SHA-256 digest; SHA-256 is mandatory in every Java platform. */
    @SuppressForbidden(reason = "the one place that obtains SHA-256 for RFC 9162 hashing")
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
