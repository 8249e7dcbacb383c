package eu.custodia.tlog.tiles;

import java.io.IOException;
import java.util.List;

/**
 * What one {@link TreeBuilder#append} changed in a tiled log
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>): the hash tiles and entry bundles, full
 * and partial, that the new tree size has and the old one did not. Publishing them, then a checkpoint for
 * {@link #treeSize()}, makes the new entries available.
 *
 * @param previousSize tree size before the append
 * @param treeSize tree size after the append
 * @param tiles hash tiles written, full tiles in completion order, then the new partial tiles by level
 * @param entryBundles entry bundles written, full bundles by index, then the new partial bundle if any
 */
public record AppendResult(long previousSize, long treeSize, List<Tile> tiles, List<Tile> entryBundles) {

    /**
     * Makes the lists unmodifiable; the tile arrays themselves are shared. The lists a {@link TreeBuilder}
     * returns copy each partial tile out of its buffers only when the tile is first read.
     */
    public AppendResult {
        tiles = tiles instanceof LazyTileList ? tiles : List.copyOf(tiles);
        entryBundles = entryBundles instanceof LazyTileList ? entryBundles : List.copyOf(entryBundles);
    }

    /**
     * Writes the entry bundles, then the hash tiles, to {@code store}.
     *
     * @throws IOException if the store cannot be written
     */
    public void writeTo(TileStore store) throws IOException {
        store.writeAll(entryBundles);
        store.writeAll(tiles);
    }
}
