package eu.custodia.tlog.checkpoint;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.TextCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The note text of a <a href="https://c2sp.org/tlog-checkpoint">C2SP tlog-checkpoint</a> (section "Note
 * text"): the origin line, the tree size in decimal, the base64 RFC 6962 root hash, then optional
 * extension lines, each line ending in a newline.
 *
 * <pre>
 * example.com/behind-the-sofa
 * 20852163
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 * </pre>
 *
 * The root hash must be 32 bytes (SHA-256, {@link Rfc9162#HASH_SIZE}). The signed form is handled by
 * {@link SignedCheckpoint}.
 *
 * @param origin the unique identity of the log; non-empty
 * @param size the number of leaves in the tree; non-negative
 * @param rootHash the 32-byte Merkle tree root hash at {@code size}
 * @param extensions the extension lines (without newlines); each non-empty
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    /** Upper bound on the size of checkpoint text, in bytes (the note limit). */
    public static final int MAX_TEXT_BYTES = 1 << 20;

    /**
     * @throws IllegalArgumentException if a field breaks the tlog-checkpoint rules
     */
    public Checkpoint {
        checkLine(origin, "origin");
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative");
        }
        if (rootHash.length != Rfc9162.HASH_SIZE) {
            throw new IllegalArgumentException("root hash must be 32 bytes, got " + rootHash.length);
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String line : extensions) {
            checkLine(line, "extension line");
        }
    }

    /** Returns a checkpoint without extension lines. */
    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /**
     * Parses checkpoint note text.
     *
     * @throws VerificationException if the text is not a valid tlog-checkpoint body
     */
    public static Checkpoint parse(byte[] text) throws VerificationException {
        if (text.length > MAX_TEXT_BYTES) {
            throw new VerificationException("checkpoint is " + text.length + " bytes, more than " + MAX_TEXT_BYTES);
        }
        return parse(TextCodec.decodeUtf8(text, "checkpoint"));
    }

    /**
     * Parses checkpoint note text.
     *
     * @throws VerificationException if the text is not a valid tlog-checkpoint body
     */
    public static Checkpoint parse(String text) throws VerificationException {
        if (text.length() > MAX_TEXT_BYTES) {
            throw new VerificationException("checkpoint is more than " + MAX_TEXT_BYTES + " bytes");
        }
        if (!text.endsWith("\n")) {
            throw new VerificationException("checkpoint does not end with a newline");
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1)));
        if (lines.size() < 3) {
            throw new VerificationException("checkpoint has " + lines.size() + " line(s), needs origin, size and root hash");
        }
        for (int i = 0; i < lines.size(); i++) {
            String problem = lineProblem(lines.get(i));
            if (problem != null) {
                throw new VerificationException("checkpoint line " + (i + 1) + ": " + problem);
            }
        }
        long size = TextCodec.parseDecimal(lines.get(1), "checkpoint line 2 (tree size)");
        byte[] root = TextCodec.decodeBase64(lines.get(2), "checkpoint line 3 (root hash)");
        if (root.length != Rfc9162.HASH_SIZE) {
            throw new VerificationException("checkpoint line 3 (root hash): " + root.length
                    + " bytes, expected 32");
        }
        return new Checkpoint(lines.get(0), size, root, lines.subList(3, lines.size()));
    }

    /** Returns the note text: origin, size, root hash and extension lines, each ending in a newline. */
    public String toText() {
        StringBuilder b = new StringBuilder(origin).append('\n').append(size).append('\n')
                .append(TextCodec.encodeBase64(rootHash)).append('\n');
        extensions.forEach(line -> b.append(line).append('\n'));
        return b.toString();
    }

    /** Returns the UTF-8 note text. */
    public byte[] toBytes() {
        return toText().getBytes(StandardCharsets.UTF_8);
    }

    private static void checkLine(String line, String what) {
        String problem = lineProblem(line);
        if (problem != null) {
            throw new IllegalArgumentException(what + ": " + problem);
        }
    }

    /** Returns why {@code line} cannot be a checkpoint line, or null. */
    private static String lineProblem(String line) {
        if (line.isEmpty()) {
            return "empty line";
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20) {
                return "control character U+" + String.format(java.util.Locale.ROOT, "%04X", (int) c);
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < line.length()
                    && Character.isLowSurrogate(line.charAt(++i)))) {
                return "unpaired surrogate";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && Arrays.equals(c.rootHash, rootHash) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return ((origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash)) * 31
                + extensions.hashCode();
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", " + size + ", " + TextCodec.encodeBase64(rootHash)
                + (extensions.isEmpty() ? "" : ", " + extensions.size() + " extension line(s)") + "]";
    }
}
