package eu.custodia.tlog.verify;

import eu.custodia.tlog.tiles.TileId;
import eu.custodia.tlog.tiles.TileStore;
import java.io.IOException;
import java.util.Optional;

/**
 * A read-only {@link TileStore} over a {@link LogSource}, for proofs computed from a served log (through
 * {@link eu.custodia.tlog.tiles.TileHashReader}, which also falls back from a missing partial tile to the
 * full one).
 */
final class SourceTileStore implements TileStore {

    private final LogSource source;

    SourceTileStore(LogSource source) {
        this.source = source;
    }

    @Override
    public Optional<byte[]> read(TileId id) throws IOException {
        return source.fetch(id.path(), LogVerifier.MAX_TILE_BYTES);
    }

    @Override
    public void write(TileId id, byte[] data) throws IOException {
        throw new IOException("the log at " + source.describe() + " is read-only for the verifier");
    }
}
