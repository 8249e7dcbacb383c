package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.util.List;

/**
 * A verification policy stricter than "at least one known key" (C2SP signed-note §"Verifying"): every one
 * of the listed keys must have a valid signature on the note, for example the log's key and a witness's.
 * Signatures by other keys are ignored, as the spec requires.
 */
public final class RequiredSigners {

    private final List<NoteVerifier> verifiers;
    private final NoteVerifiers lookup;

    public RequiredSigners(List<? extends NoteVerifier> verifiers) {
        if (verifiers.isEmpty()) {
            throw new IllegalArgumentException("at least one required signer");
        }
        this.verifiers = List.copyOf(verifiers);
        this.lookup = NoteVerifiers.of(this.verifiers);
    }

    public List<NoteVerifier> verifiers() {
        return verifiers;
    }

    /**
     * Opens {@code signedNote}, requiring a valid signature by every key; {@code what} names the note in
     * messages (a file name, a bundle member).
     */
    public Note open(byte[] signedNote, String what) throws VerificationException {
        Note note;
        try {
            note = SignedNote.open(signedNote, lookup);
        } catch (VerificationException e) {
            throw new VerificationException(what + ": " + e.getMessage(), e);
        }
        for (NoteVerifier v : verifiers) {
            boolean signed = note.signatures().stream()
                    .anyMatch(sig -> sig.name().equals(v.name()) && sig.keyId() == v.keyId());
            if (!signed) {
                throw new VerificationException(what + ": no valid signature by " + v.name() + "+"
                        + KeyId.hex(v.keyId()));
            }
        }
        return note;
    }
}
