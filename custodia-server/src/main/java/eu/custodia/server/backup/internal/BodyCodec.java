package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupException;
import eu.custodia.server.backup.internal.TenantTables.Column;
import eu.custodia.server.backup.internal.TenantTables.Table;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The plaintext of an archive's body (sealed as a whole by the streaming AEAD), a sequence of sections:
 *
 * <pre>
 * utf "custodia-backup-body/v2"
 * for each table of {@link TenantTables#ALL}: utf table name, then (byte 1, values)* byte 0
 * utf "blob-files", then (byte 1, utf blob id, long version, long length or -1 when missing, bytes)* byte 0
 * utf "end"
 * </pre>
 *
 * A {@code custodia-backup-body/v1} body (written before notices were backed up) is the same with the tables of
 * {@link TenantTables#V1}; the reader picks the tables by the format it reads, and refuses any other format.
 *
 * A value is a byte 0 (null) or 1 followed by: TEXT and BYTES an int length and the bytes (UTF-8 for text),
 * LONG a long, TIME a long of epoch seconds and an int of nanoseconds. Big-endian, as {@link DataOutputStream}.
 */
final class BodyCodec {

    /** The format written. */
    static final String FORMAT = "custodia-backup-body/v2";
    /** The format written before notices and webhook endpoints were backed up (still read). */
    static final String FORMAT_V1 = "custodia-backup-body/v1";
    static final String BLOB_FILES = "blob-files";
    private static final int MAX_VALUE_BYTES = 64 << 20;

    /** Receives what a body holds, in order. */
    interface Sink {

        void row(Table table, Object[] values);

        /** {@code in} holds exactly {@code length} bytes of the sealed file ({@code length} is -1 when missing). */
        void blobFile(String blobId, long version, long length, InputStream in) throws IOException;
    }

    private BodyCodec() {
    }

    /**
     * The tables a body of {@code format} holds, in order.
     *
     * @throws BackupException for a format this version does not know
     */
    static List<Table> tables(String format) {
        if (FORMAT.equals(format)) {
            return TenantTables.ALL;
        } else if (FORMAT_V1.equals(format)) {
            return TenantTables.V1;
        }
        String shown = format.length() > 80 ? format.substring(0, 80) + "…" : format;
        throw new BackupException("the archive's body is in format '" + shown + "', which this version of Custodia"
                + " cannot read (it reads " + FORMAT_V1 + " and " + FORMAT + "): use a version that knows it",
                "il corpo dell'archivio è nel formato '" + shown + "', che questa versione di Custodia non sa"
                + " leggere (legge " + FORMAT_V1 + " e " + FORMAT + "): usare una versione che lo conosce");
    }

    static void writeValue(DataOutputStream out, Column column, Object value) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        switch (column.type()) {
            case TEXT -> writeBytes(out, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BYTES -> writeBytes(out, (byte[]) value);
            case LONG -> out.writeLong((Long) value);
            case TIME -> {
                Instant t = (Instant) value;
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
            }
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads a whole body, checking its structure, and that nothing follows its end. */
    static void read(InputStream plaintext, Sink sink) throws IOException {
        DataInputStream in = new DataInputStream(plaintext);
        for (Table table : tables(in.readUTF())) {
            expect(in.readUTF(), table.name());
            while (more(in)) {
                Object[] values = new Object[table.columns().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = readValue(in, table.columns().get(i));
                }
                sink.row(table, values);
            }
        }
        expect(in.readUTF(), BLOB_FILES);
        while (more(in)) {
            String blobId = in.readUTF();
            long version = in.readLong();
            long length = in.readLong();
            BoundedInputStream file = new BoundedInputStream(in, Math.max(length, 0));
            sink.blobFile(blobId, version, length, file);
            file.skipRest();
        }
        expect(in.readUTF(), "end");
        if (in.read() != -1) {
            throw new IOException("bytes after the end of the body");
        }
    }

    private static boolean more(DataInputStream in) throws IOException {
        int marker = in.readUnsignedByte();
        if (marker > 1) {
            throw new IOException("bad row marker");
        }
        return marker == 1;
    }

    private static Object readValue(DataInputStream in, Column column) throws IOException {
        int present = in.readUnsignedByte();
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new IOException("bad value marker in column " + column.name());
        }
        return switch (column.type()) {
            case TEXT -> new String(readBytes(in), StandardCharsets.UTF_8);
            case BYTES -> readBytes(in);
            case LONG -> in.readLong();
            case TIME -> Instant.ofEpochSecond(in.readLong(), in.readInt());
        };
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_VALUE_BYTES) {
            throw new IOException("bad value length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static void expect(String found, String expected) throws IOException {
        if (!expected.equals(found)) {
            throw new IOException("expected section " + expected);
        }
    }

    /** At most {@code remaining} bytes of the body, for one blob file. */
    private static final class BoundedInputStream extends InputStream {

        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("body ends inside a blob file");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("body ends inside a blob file");
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // discard what the sink left unread
            }
        }
    }
}
