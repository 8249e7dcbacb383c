package eu.custodia.server.backup.internal;

import eu.custodia.server.backup.BackupException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The framing of an archive file: the magic bytes {@code CBK1}, the header's length (4 bytes, big-endian),
 * the header ({@link ArchiveHeader}), then the body: Tink streaming AEAD ciphertext (AES-256-GCM-HKDF, 1 MB
 * segments; see Tink's "Streaming AEAD" documentation and the segment format of Hoang, Reyhanitabar,
 * Rogaway, Vizár, "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance") up to the end of
 * the file. Plus SHA-256 helpers.
 */
final class ArchiveFiles {

    static final byte[] MAGIC = "CBK1".getBytes(StandardCharsets.US_ASCII);
    static final String SUFFIX = ".cbk";
    static final String MANIFEST_SUFFIX = ".manifest";
    private static final int MAX_HEADER_BYTES = 1 << 16;

    private ArchiveFiles() {
    }

    static MessageDigest sha256() {
        return eu.custodia.tlog.merkle.Rfc9162.newDigest();
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Creates an empty file readable and writable by its owner only (POSIX mode 600) where the file system has
     * POSIX permissions; fails if it exists. Archives are sealed, but nobody else needs to read them.
     */
    static Path createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    /** Reads the magic and the header, returning the header's bytes; the stream is left at the body. */
    static byte[] readHeader(InputStream archive) throws IOException {
        DataInputStream in = new DataInputStream(archive);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new BackupException("not a Custodia backup archive (bad magic bytes)",
                    "non è un archivio di backup Custodia");
        }
        int length = in.readInt();
        if (length <= 0 || length > MAX_HEADER_BYTES) {
            throw new BackupException("the archive's header length is out of range", "la lunghezza"
                    + " dell'intestazione dell'archivio non è valida");
        }
        byte[] header = new byte[length];
        in.readFully(header);
        return header;
    }

    /** Writes the magic and the header. */
    static void writeHeader(OutputStream out, byte[] header) throws IOException {
        out.write(MAGIC);
        out.write(new byte[] {(byte) (header.length >>> 24), (byte) (header.length >>> 16),
            (byte) (header.length >>> 8), (byte) header.length});
        out.write(header);
    }

    /** Bytes before the body, for a header of {@code headerLength} bytes. */
    static long bodyOffset(int headerLength) {
        return MAGIC.length + 4L + headerLength;
    }
}
