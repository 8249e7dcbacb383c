package eu.custodia.tlog.verify;

import eu.custodia.tlog.tiles.TileId;
import eu.custodia.tlog.tiles.TileStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A read-only {@link TileStore} over a {@link LogSource}, for proofs computed from a served log. A missing
 * partial tile is read from the full tile's first hashes, as C2SP tlog-tiles allows.
 */
final class SourceTileStore implements TileStore {

    private final LogSource source;

    SourceTileStore(LogSource source) {
        this.source = source;
    }

    @Override
    public Optional<byte[]> read(TileId id) throws IOException {
        Optional<byte[]> found = source.fetch(id.path(), LogVerifier.MAX_TILE_BYTES);
        if (found.isEmpty() && id.isPartial() && !id.isEntryBundle()) {
            found = source.fetch(id.full().path(), LogVerifier.MAX_TILE_BYTES)
                    .filter(full -> full.length == id.full().hashBytes())
                    .map(full -> Arrays.copyOf(full, id.hashBytes()));
        }
        return found;
    }

    @Override
    public void write(TileId id, byte[] data) throws IOException {
        throw new IOException("the log at " + source.describe() + " is read-only for the verifier");
    }
}
