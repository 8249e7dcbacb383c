package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens and signs notes in the format of <a href="https://c2sp.org/signed-note">C2SP signed-note</a>
 * (sections "Format" and "Signatures"), with the semantics of Go's {@code golang.org/x/mod/sumdb/note}
 * {@code Open} and {@code Sign}:
 *
 * <ul>
 *   <li>the note is valid UTF-8 without ASCII control characters other than newline, at most 1 MiB;</li>
 *   <li>the text ends at the last blank line, and is followed by one or more signature lines
 *       {@code — <name> base64(key ID || signature)}, each ending in a newline;</li>
 *   <li>more than 100 signature lines are refused (the spec requires accepting at least 16);</li>
 *   <li>signatures whose (name, key ID) is unknown are ignored (repeated identical ones listed once);</li>
 *   <li>a signature from a known key that does not verify rejects the whole note; further signatures
 *       from a key already seen are skipped, as in Go;</li>
 *   <li>a note without any verified signature from a known key is rejected.</li>
 * </ul>
 */
public final class SignedNote {

    private static final byte[] PREFIX = NoteFormat.SIGNATURE_PREFIX.getBytes(StandardCharsets.UTF_8);

    private SignedNote() {
    }

    /**
     * Opens a signed note, verifying its signatures against the trusted keys.
     *
     * @return the note with its verified and its ignored (unknown-key) signatures
     * @throws VerificationException if the note is malformed or too large, a known key's signature does
     *     not verify, the key lookup fails, or no known key signed the note
     */
    public static Note open(byte[] message, NoteVerifiers known) throws VerificationException {
        Note note = decode(message, known);
        if (note.signatures().isEmpty()) {
            throw new VerificationException("note has no verifiable signatures ("
                    + note.unverifiedSignatures().size() + " signature(s) from unknown keys)");
        }
        return note;
    }

    /**
     * Parses a signed note without verifying anything: every signature is returned as unverified. For
     * diagnostics only; the text must not be trusted.
     *
     * @throws VerificationException if the note is malformed or too large
     */
    public static Note parseUnverified(byte[] message) throws VerificationException {
        return decode(message, (name, keyId) -> Optional.empty());
    }

    private static Note decode(byte[] msg, NoteVerifiers known) throws VerificationException {
        if (msg.length > NoteFormat.MAX_NOTE_BYTES) {
            throw new VerificationException("note is " + msg.length + " bytes, more than "
                    + NoteFormat.MAX_NOTE_BYTES);
        }
        String all = TextCodec.decodeUtf8(msg, "note");
        int bad = NoteFormat.firstForbiddenChar(all);
        if (bad >= 0) {
            throw new VerificationException("note line " + NoteFormat.lineOf(all, bad)
                    + ": control character U+" + String.format(java.util.Locale.ROOT, "%04X", (int) all.charAt(bad)));
        }
        int split = lastBlankLine(msg);
        if (split < 0) {
            throw new VerificationException("note has no blank line before its signatures");
        }
        byte[] text = Arrays.copyOfRange(msg, 0, split + 1);
        int pos = split + 2;
        if (pos == msg.length) {
            throw new VerificationException("note has no signature lines");
        }
        if (msg[msg.length - 1] != '\n') {
            throw new VerificationException("note does not end with a newline");
        }
        List<Signature> verified = new ArrayList<>();
        List<Signature> unverified = new ArrayList<>();
        Set<Signature> seenUnverified = new HashSet<>();
        Set<String> seenKeys = new HashSet<>();
        int count = 0;
        while (pos < msg.length) {
            int end = indexOf(msg, (byte) '\n', pos);
            count++;
            if (count > NoteFormat.MAX_SIGNATURES) {
                throw new VerificationException("note has more than " + NoteFormat.MAX_SIGNATURES + " signatures");
            }
            Signature sig = parseLine(msg, pos, end, count);
            pos = end + 1;
            Optional<NoteVerifier> v = known.lookup(sig.name(), sig.keyId());
            if (v.isEmpty()) {
                if (seenUnverified.add(sig)) {
                    unverified.add(sig);
                }
                continue;
            }
            String id = sig.name() + "+" + KeyId.hex(sig.keyId());
            if (!v.get().name().equals(sig.name()) || v.get().keyId() != sig.keyId()) {
                throw new VerificationException("signature line " + count + ": trusted key lookup for " + id
                        + " returned key " + v.get().name() + "+" + KeyId.hex(v.get().keyId()));
            }
            if (!seenKeys.add(id)) {
                continue;
            }
            if (!v.get().verify(text, sig.signature())) {
                throw new VerificationException("invalid signature for key " + id + " (signature line " + count + ")");
            }
            verified.add(sig);
        }
        return new Note(new String(text, StandardCharsets.UTF_8), verified, unverified);
    }

    private static Signature parseLine(byte[] msg, int start, int end, int lineNo) throws VerificationException {
        String where = "signature line " + lineNo;
        if (end - start < PREFIX.length || !Arrays.equals(msg, start, start + PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new VerificationException(where + ": does not start with an em dash and a space");
        }
        String line = new String(msg, start + PREFIX.length, end - start - PREFIX.length, StandardCharsets.UTF_8);
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String b64 = space < 0 ? "" : line.substring(space + 1);
        if (!NoteFormat.isValidName(name)) {
            throw new VerificationException(where + ": invalid key name");
        }
        if (b64.isEmpty()) {
            throw new VerificationException(where + ": missing signature for key " + name);
        }
        byte[] raw = TextCodec.decodeBase64(b64, where + " (key " + name + ")");
        if (raw.length < 5) {
            throw new VerificationException(where + " (key " + name + "): signature is " + raw.length
                    + " bytes, need a 4-byte key ID and at least 1 signature byte");
        }
        int keyId = (raw[0] & 0xff) << 24 | (raw[1] & 0xff) << 16 | (raw[2] & 0xff) << 8 | raw[3] & 0xff;
        return new Signature(name, keyId, Arrays.copyOfRange(raw, 4, raw.length));
    }

    /**
     * Signs a note (Go's {@code note.Sign}). The output lists the note's existing signatures (verified,
     * then unverified) followed by the new ones; an existing signature by the same name and key ID as a
     * new signer is dropped.
     *
     * @throws IllegalArgumentException if the text is not valid note text or a signer's name is invalid
     * @throws GeneralSecurityException if a signer fails
     */
    public static byte[] sign(Note note, List<? extends NoteSigner> signers) throws GeneralSecurityException {
        String text = note.text();
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        int bad = NoteFormat.firstForbiddenChar(text);
        if (bad >= 0) {
            throw new IllegalArgumentException("note text line " + NoteFormat.lineOf(text, bad)
                    + " contains a control character or unpaired surrogate");
        }
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        if (textBytes.length > NoteFormat.MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("note text is larger than " + NoteFormat.MAX_NOTE_BYTES + " bytes");
        }
        Set<String> replaced = new HashSet<>();
        List<Signature> fresh = new ArrayList<>();
        for (NoteSigner s : signers) {
            if (!NoteFormat.isValidName(s.name())) {
                throw new IllegalArgumentException("invalid signer: bad key name");
            }
            replaced.add(s.name() + "+" + KeyId.hex(s.keyId()));
            fresh.add(new Signature(s.name(), s.keyId(), s.sign(textBytes)));
        }
        List<Signature> out = new ArrayList<>();
        for (List<Signature> list : List.of(note.signatures(), note.unverifiedSignatures())) {
            for (Signature sig : list) {
                if (!replaced.contains(sig.name() + "+" + KeyId.hex(sig.keyId()))) {
                    out.add(sig);
                }
            }
        }
        out.addAll(fresh);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(textBytes.length + 128 * out.size());
        buf.writeBytes(textBytes);
        buf.write('\n');
        for (Signature sig : out) {
            buf.writeBytes((sig.line() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return buf.toByteArray();
    }

    /** Signs note text with the given signers. */
    public static byte[] sign(String text, NoteSigner... signers) throws GeneralSecurityException {
        return sign(Note.of(text), List.of(signers));
    }

    private static int lastBlankLine(byte[] msg) {
        for (int i = msg.length - 2; i >= 0; i--) {
            if (msg[i] == '\n' && msg[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
