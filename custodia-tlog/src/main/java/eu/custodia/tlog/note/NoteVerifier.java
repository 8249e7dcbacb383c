package eu.custodia.tlog.note;

/**
 * Verifies note signatures made by one key, identified by its key name and key ID
 * (<a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section "Signatures"). The counterpart of
 * Go's {@code note.Verifier}. Implementations must be thread-safe and must never throw on a malformed
 * signature: they return {@code false}.
 */
public interface NoteVerifier {

    /** Returns the key name; a valid signed-note key name. */
    String name();

    /** Returns the 32-bit key ID. */
    int keyId();

    /**
     * Reports whether {@code signature} (the bytes after the 4-byte key ID) is a valid signature by this
     * key over {@code message} (the note text including its final newline).
     */
    boolean verify(byte[] message, byte[] signature);
}
