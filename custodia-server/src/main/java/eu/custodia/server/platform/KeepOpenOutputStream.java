package eu.custodia.server.platform;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream whose {@link #close()} only flushes, leaving the stream beneath open: for a wrapper (an
 * encrypting stream, an archive entry) that must be closed to finish its own output while the file under it
 * goes on. Writes go straight through, not byte by byte.
 */
public final class KeepOpenOutputStream extends FilterOutputStream {

    public KeepOpenOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
