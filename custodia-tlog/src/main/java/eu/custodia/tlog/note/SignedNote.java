package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
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
        Note note = NoteReader.read(message, known);
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
        return NoteReader.read(message, (name, keyId) -> Optional.empty());
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
}
