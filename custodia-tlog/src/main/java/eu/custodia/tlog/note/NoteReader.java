package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses and verifies an encoded signed note (<a href="https://c2sp.org/signed-note">C2SP
 * signed-note</a>, sections "Format" and "Signatures"), step for step as Go's {@code note.Open}; see
 * {@link SignedNote} for the rules.
 */
final class NoteReader {

    private static final byte[] PREFIX = NoteFormat.SIGNATURE_PREFIX.getBytes(StandardCharsets.UTF_8);

    private NoteReader() {
    }

    static Note read(byte[] msg, NoteVerifiers known) throws VerificationException {
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
