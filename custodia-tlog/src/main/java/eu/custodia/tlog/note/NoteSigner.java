package eu.custodia.tlog.note;

import java.security.GeneralSecurityException;

/**
 * Signs note text with one key (<a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section
 * "Signatures"). The counterpart of Go's {@code note.Signer}. Implementations may keep the key in memory,
 * in a hardware module or behind a remote service.
 */
public interface NoteSigner {

    /** Returns the key name; must be a valid signed-note key name. */
    String name();

    /** Returns the 32-bit key ID. */
    int keyId();

    /**
     * Signs {@code message} (the note text including its final newline) and returns the signature bytes,
     * without the key ID prefix.
     *
     * @throws GeneralSecurityException if the key cannot sign
     */
    byte[] sign(byte[] message) throws GeneralSecurityException;
}
