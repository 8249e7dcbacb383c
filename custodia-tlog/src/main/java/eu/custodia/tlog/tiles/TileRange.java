package eu.custodia.tlog.tiles;

/**
 * A run of consecutive hashes inside one hash tile: the hashes from which a Merkle subtree hash is read
 * (count 1) or computed by hashing up (count {@code 2^k}), as described in
 * <a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>: "the Merkle Tree levels between those
 * expressed by the tile hashes are reconstructed by hashing the leaves".
 *
 * @param tile the tile, with the width it has in the tree size asked about
 * @param start position of the first hash in the tile, {@code 0..255}
 * @param count number of hashes, a power of two, {@code 1..128} (or 256 for a whole full tile)
 */
public record TileRange(TileId tile, int start, int count) {

    /**
     * @throws IllegalArgumentException if the range does not fit the tile
     */
    public TileRange {
        if (tile.isEntryBundle() || start < 0 || count < 1 || Integer.bitCount(count) != 1
                || start + count > tile.width()) {
            throw new IllegalArgumentException("hash range " + start + "+" + count + " does not fit " + tile);
        }
    }
}
