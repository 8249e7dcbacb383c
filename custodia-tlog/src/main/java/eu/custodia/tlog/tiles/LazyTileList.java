package eu.custodia.tlog.tiles;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An unmodifiable list of C2SP tlog-tiles resources (<a href="https://c2sp.org/tlog-tiles">
 * c2sp.org/tlog-tiles</a>) whose trailing partial tiles are copied out of the builder's buffers only
 * when first read. This is safe because a builder never rewrites bytes below a buffer's current length
 * and replaces, rather than clears, a buffer once its tile is full: the prefix captured here never changes.
 * A caller that appends many small batches and publishes only some results does not pay for copying the
 * others.
 */
final class LazyTileList extends AbstractList<Tile> implements RandomAccess {

    private final List<Tile> complete;
    private final List<TileId> partialIds = new ArrayList<>();
    private final List<byte[]> partialBuffers = new ArrayList<>();
    private final List<Integer> partialLengths = new ArrayList<>();
    private Tile[] materialized;

    LazyTileList(List<Tile> complete) {
        this.complete = complete;
    }

    /** Adds a partial tile: the first {@code length} bytes of {@code buffer}, which must never change. */
    void addPartial(TileId id, byte[] buffer, int length) {
        partialIds.add(id);
        partialBuffers.add(buffer);
        partialLengths.add(length);
    }

    @Override
    public Tile get(int index) {
        if (index < complete.size()) {
            return complete.get(index);
        }
        int p = index - complete.size();
        synchronized (this) {
            if (materialized == null) {
                materialized = new Tile[partialIds.size()];
            }
            if (materialized[p] == null) {
                materialized[p] = new Tile(partialIds.get(p),
                        Arrays.copyOf(partialBuffers.get(p), partialLengths.get(p)));
                partialBuffers.set(p, null);
            }
            return materialized[p];
        }
    }

    @Override
    public int size() {
        return complete.size() + partialIds.size();
    }
}
