package eu.custodia.tlog.verify;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a tlog-tiles log is read from: an {@code https://} URL, an {@code http://} URL on a loopback
 * address, or a local directory in the same layout (C2SP tlog-tiles §"Log Layout"). Paths are relative
 * to the log's prefix, such as {@code checkpoint} or {@code tile/0/x001/234}.
 */
interface LogSource extends AutoCloseable {

    /**
     * Returns the resource at {@code path}, empty if the log does not have it (HTTP 404 or a missing file).
     *
     * @throws IOException if it cannot be read, or is longer than {@code maxBytes}
     */
    Optional<byte[]> fetch(String path, int maxBytes) throws IOException;

    /** A human-readable name for messages: the URL or the directory. */
    String describe();

    @Override
    default void close() {
    }
}
