package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.Hex;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.tiles.EntryBundle;
import eu.custodia.tlog.tiles.TileId;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Verifies a whole tlog-tiles log against a checkpoint's size and root, streaming: every entry bundle is
 * read once, every entry hashed as an RFC 9162 leaf and compared with the level-0 tile that stores it,
 * every complete subtree hash compared with the higher-level tile that stores it, and the root rebuilt from
 * the entries compared with the checkpoint's. Memory stays O(log n) plus one tile per level.
 *
 * <p>The fold can be saved between bundles, so an interrupted run resumes where it stopped.
 */
final class LogVerifier {

    /** Called between bundles: progress reports and resume points. */
    interface Listener {
        void bundleDone(TileFold fold, long treeSize) throws IOException;
    }

    static final int MAX_TILE_BYTES = TileId.FULL_WIDTH * Rfc9162.HASH_SIZE;

    private final TileReader tiles;

    LogVerifier(LogSource source) {
        this.tiles = new TileReader(source);
    }

    /**
     * Continues {@code fold} (a new one, or one restored at a bundle boundary) to {@code treeSize} and
     * checks the result against {@code expectedRoot}.
     */
    void verify(long treeSize, byte[] expectedRoot, TileFold fold, Listener listener)
            throws VerificationException, IOException {
        if (fold.size() % TileId.FULL_WIDTH != 0 || fold.size() > treeSize) {
            throw new VerificationException("cannot resume at " + fold.size() + " in a log of " + treeSize);
        }
        HashTiles stored = new HashTiles(treeSize);
        for (long bundle = fold.size() / TileId.FULL_WIDTH; bundle * TileId.FULL_WIDTH < treeSize; bundle++) {
            int width = (int) Math.min(TileId.FULL_WIDTH, treeSize - bundle * TileId.FULL_WIDTH);
            TileId id = TileId.entryBundle(bundle, width);
            byte[] bytes = tiles.bundle(id);
            int[] index = tiles.index(id, bytes);
            for (int i = 0; i < 2 * width; i += 2) {
                fold.appendEntry(bytes, index[i], index[i + 1], stored::check);
            }
            listener.bundleDone(fold, treeSize);
        }
        byte[] root = fold.root();
        if (!MessageDigest.isEqual(root, expectedRoot)) {
            throw new VerificationException("the root rebuilt from all " + treeSize + " entries is "
                    + Hex.encode(root) + ", but the checkpoint says " + Hex.encode(expectedRoot));
        }
    }

    /** The current stored tile of each level, compared hash by hash with the hashes rebuilt from entries. */
    private final class HashTiles {

        private final long treeSize;
        private final TileId[] ids = new TileId[TileId.MAX_LEVEL + 1];
        private final byte[][] data = new byte[TileId.MAX_LEVEL + 1][];

        HashTiles(long treeSize) {
            this.treeSize = treeSize;
        }

        void check(int level, long index, byte[] hash, int offset) throws VerificationException, IOException {
            if (level % 8 != 0) {
                return;
            }
            int tileLevel = level / 8;
            long tileIndex = index >>> 8;
            TileId id = ids[tileLevel];
            if (id == null || id.index() != tileIndex) {
                long stored = treeSize >>> level;
                int width = (int) Math.min(TileId.FULL_WIDTH, stored - tileIndex * TileId.FULL_WIDTH);
                id = TileId.hashTile(tileLevel, tileIndex, width);
                data[tileLevel] = tiles.hashes(id);
                ids[tileLevel] = id;
            }
            int at = (int) (index & 0xFF) * Rfc9162.HASH_SIZE;
            if (!Arrays.equals(data[tileLevel], at, at + Rfc9162.HASH_SIZE, hash, offset,
                    offset + Rfc9162.HASH_SIZE)) {
                String what = level == 0 ? "entry " + index + " hashes to"
                        : "the subtree of entries " + (index << level) + " to " + (((index + 1) << level) - 1)
                                + " hashes to";
                throw new VerificationException(what + " "
                        + Hex.encode(Arrays.copyOfRange(hash, offset, offset + Rfc9162.HASH_SIZE))
                        + ", but tile " + id.path() + " stores "
                        + Hex.encode(Arrays.copyOfRange(data[tileLevel], at, at + Rfc9162.HASH_SIZE))
                        + " at position " + (index & 0xFF));
            }
        }
    }

    /** Reads hash tiles and entry bundles, falling back from a missing partial tile to the full one. */
    static final class TileReader {

        private final LogSource source;

        TileReader(LogSource source) {
            this.source = source;
        }

        byte[] hashes(TileId id) throws VerificationException, IOException {
            byte[] bytes = fetch(id, MAX_TILE_BYTES);
            if (bytes.length == TileId.FULL_WIDTH * Rfc9162.HASH_SIZE && id.isPartial()) {
                return Arrays.copyOf(bytes, id.hashBytes());
            }
            if (bytes.length != id.hashBytes()) {
                throw new VerificationException("tile " + id.path() + " has " + bytes.length
                        + " bytes; " + id.width() + " hashes need " + id.hashBytes());
            }
            return bytes;
        }

        /** Returns the bytes of entry bundle {@code id}, or of the full bundle when a partial one is gone. */
        byte[] bundle(TileId id) throws VerificationException, IOException {
            return fetch(id, EntryBundle.MAX_BUNDLE_SIZE);
        }

        /**
         * Validates a bundle fetched for {@code id} and returns its entries' offsets (see
         * {@link EntryBundle#index}); a full bundle served for a partial one is accepted, and its first
         * {@code width} entries are the partial's.
         */
        int[] index(TileId id, byte[] bytes) throws VerificationException {
            try {
                try {
                    return EntryBundle.index(bytes, id.width());
                } catch (VerificationException e) {
                    if (!id.isPartial()) {
                        throw e;
                    }
                    return EntryBundle.index(bytes, TileId.FULL_WIDTH);
                }
            } catch (VerificationException e) {
                throw new VerificationException("entry bundle " + id.path() + ": " + e.getMessage(), e);
            }
        }

        private byte[] fetch(TileId id, int maxBytes) throws VerificationException, IOException {
            var found = source.fetch(id.path(), maxBytes);
            if (found.isEmpty() && id.isPartial()) {
                found = source.fetch(id.full().path(), maxBytes);
            }
            if (found.isEmpty()) {
                throw new VerificationException("the log has no " + id.path()
                        + (id.isPartial() ? " (nor " + id.full().path() + ")" : ""));
            }
            return found.get();
        }
    }
}
