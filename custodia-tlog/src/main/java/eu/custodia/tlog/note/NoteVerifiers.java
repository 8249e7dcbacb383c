package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.util.List;
import java.util.Optional;

/**
 * The set of keys a reader trusts, looked up by key name and key ID. A signature whose (name, ID) pair is
 * unknown is ignored, as <a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section
 * "Signatures", requires. The counterpart of Go's {@code note.Verifiers}.
 */
public interface NoteVerifiers {

    /**
     * Returns the verifier for the key with this name and ID, or empty if the key is unknown.
     *
     * @throws VerificationException if the lookup is ambiguous (several keys share name and ID) or fails
     */
    Optional<NoteVerifier> lookup(String name, int keyId) throws VerificationException;

    /** Returns a lookup over a fixed list of verifiers (Go's {@code note.VerifierList}). */
    static NoteVerifiers of(NoteVerifier... verifiers) {
        return new VerifierList(List.of(verifiers));
    }

    /** Returns a lookup over a fixed list of verifiers (Go's {@code note.VerifierList}). */
    static NoteVerifiers of(List<? extends NoteVerifier> verifiers) {
        return new VerifierList(List.copyOf(verifiers));
    }
}
