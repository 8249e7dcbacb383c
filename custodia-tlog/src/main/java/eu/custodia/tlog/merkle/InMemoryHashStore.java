package eu.custodia.tlog.merkle;

import eu.custodia.tlog.VerificationException;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only, in-memory store of every complete-subtree hash of an RFC 9162 tree, level by level.
 * Appending a leaf hashes at most {@code log2(n)} new interior nodes. Meant for tests, benchmarks and
 * small logs; durable logs keep their hashes in tiles. Not thread-safe.
 */
public final class InMemoryHashStore implements HashReader {

    private final List<List<byte[]>> levels = new ArrayList<>();

    /** Appends the entry's leaf hash and returns the new tree size. */
    public long appendEntry(byte[] entry) {
        return appendLeafHash(Rfc9162.leafHash(entry));
    }

    /** Appends an already computed leaf hash and returns the new tree size. */
    public long appendLeafHash(byte[] leafHash) {
        if (leafHash.length != Rfc9162.HASH_SIZE) {
            throw new IllegalArgumentException("a leaf hash is " + Rfc9162.HASH_SIZE + " bytes");
        }
        byte[] hash = leafHash.clone();
        for (int level = 0; ; level++) {
            if (levels.size() == level) {
                levels.add(new ArrayList<>());
            }
            List<byte[]> row = levels.get(level);
            row.add(hash);
            if (row.size() % 2 == 1) {
                break;
            }
            hash = Rfc9162.nodeHash(row.get(row.size() - 2), hash);
        }
        return size();
    }

    /** Returns the number of leaves. */
    public long size() {
        return levels.isEmpty() ? 0 : levels.get(0).size();
    }

    @Override
    public byte[] hash(int level, long index) throws VerificationException {
        if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
            throw new VerificationException("no complete subtree at level " + level + ", index " + index
                    + " in a tree of size " + size());
        }
        return levels.get(level).get((int) index).clone();
    }
}
