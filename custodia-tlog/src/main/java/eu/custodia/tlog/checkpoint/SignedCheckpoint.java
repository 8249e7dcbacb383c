package eu.custodia.tlog.checkpoint;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.note.Note;
import eu.custodia.tlog.note.NoteSigner;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.RequiredSigners;
import eu.custodia.tlog.note.SignedNote;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * A <a href="https://c2sp.org/tlog-checkpoint">C2SP tlog-checkpoint</a> whose
 * <a href="https://c2sp.org/signed-note">signed note</a> has been verified against trusted keys
 * (tlog-checkpoint, section "Signatures"). Signatures from unknown keys, such as witness cosignatures the
 * reader does not trust, are kept in {@link Note#unverifiedSignatures()} and prove nothing.
 *
 * @param checkpoint the parsed note text
 * @param note the opened note, with verified and ignored signatures
 */
public record SignedCheckpoint(Checkpoint checkpoint, Note note) {

    /**
     * Signs a checkpoint: its note text followed by a blank line and one signature line per signer.
     *
     * @throws GeneralSecurityException if a signer fails
     */
    public static byte[] sign(Checkpoint checkpoint, NoteSigner... signers) throws GeneralSecurityException {
        if (signers.length == 0) {
            throw new IllegalArgumentException("a checkpoint needs at least one signer");
        }
        return SignedNote.sign(Note.of(checkpoint.toText()), List.of(signers));
    }

    /**
     * Opens a signed checkpoint: verifies the note (at least one signature by a trusted key, no invalid
     * signature by a trusted key) and parses its text.
     *
     * @throws VerificationException if the note does not verify or its text is not a checkpoint
     */
    public static SignedCheckpoint open(byte[] signedNote, NoteVerifiers verifiers) throws VerificationException {
        Note note = SignedNote.open(signedNote, verifiers);
        return new SignedCheckpoint(Checkpoint.parse(note.text()), note);
    }

    /**
     * Opens a signed checkpoint and checks that it was issued for the expected log origin.
     *
     * @throws VerificationException if the note does not verify, its text is not a checkpoint, or the
     *     origin line differs from {@code expectedOrigin}
     */
    public static SignedCheckpoint open(byte[] signedNote, String expectedOrigin, NoteVerifiers verifiers)
            throws VerificationException {
        SignedCheckpoint opened = open(signedNote, verifiers);
        if (!opened.checkpoint.origin().equals(expectedOrigin)) {
            throw new VerificationException("checkpoint origin \"" + opened.checkpoint.origin()
                    + "\" is not the expected \"" + expectedOrigin + "\"");
        }
        return opened;
    }

    /**
     * Opens a signed checkpoint that every key in {@code signers} must have signed; {@code what} names it in
     * messages (a file, a bundle member).
     */
    public static Checkpoint open(byte[] signedNote, String what, RequiredSigners signers)
            throws VerificationException {
        Note note = signers.open(signedNote, what);
        try {
            return Checkpoint.parse(note.text());
        } catch (VerificationException e) {
            throw new VerificationException(what + ": " + e.getMessage(), e);
        }
    }
}
