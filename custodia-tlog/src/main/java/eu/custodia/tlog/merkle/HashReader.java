package eu.custodia.tlog.merkle;

import eu.custodia.tlog.VerificationException;

/**
 * Read access to the hashes of complete (perfect) subtrees of a Merkle tree.
 *
 * <p>{@code hash(level, index)} is the RFC 9162 hash of the subtree of {@code 2^level} leaves that starts
 * at leaf {@code index * 2^level}: level 0 holds leaf hashes, level 1 the hashes of leaf pairs, and so on.
 * This is the same addressing as C2SP tlog-tiles and Go's {@code sumdb/tlog}. Callers only ask for
 * subtrees that are complete within the tree size they work on.
 */
@FunctionalInterface
public interface HashReader {

    /**
     * Returns the 32-byte hash of the complete subtree at {@code level}, {@code index}.
     *
     * @throws VerificationException if the hash is unavailable or the backing data is malformed
     */
    byte[] hash(int level, long index) throws VerificationException;
}
