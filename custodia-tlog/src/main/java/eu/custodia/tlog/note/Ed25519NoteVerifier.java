package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;

/**
 * A {@link NoteVerifier} for Ed25519 note signatures (signature type 0x01 of
 * <a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section "Ed25519 signatures"), using the
 * JDK's Ed25519 implementation.
 */
public final class Ed25519NoteVerifier implements NoteVerifier {

    private final VerifierKey key;
    private final int keyId;
    private final PublicKey publicKey;

    Ed25519NoteVerifier(VerifierKey key) throws VerificationException {
        this.key = key;
        this.keyId = key.keyId();
        try {
            this.publicKey = Ed25519.publicKey(key.publicKey());
        } catch (GeneralSecurityException e) {
            throw new VerificationException("verifier key " + key.name() + "+" + KeyId.hex(keyId)
                    + ": not a valid Ed25519 public key", e);
        }
    }

    /**
     * Parses verifier key text and returns its verifier (Go's {@code note.NewVerifier}).
     *
     * @throws VerificationException if the key text is malformed or not an Ed25519 key
     */
    public static Ed25519NoteVerifier parse(String verifierKey) throws VerificationException {
        return VerifierKey.parse(verifierKey).verifier();
    }

    /** Returns the verifier key this verifier checks against. */
    public VerifierKey key() {
        return key;
    }

    @Override
    public String name() {
        return key.name();
    }

    @Override
    public int keyId() {
        return keyId;
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Override
    public String toString() {
        return "Ed25519NoteVerifier[" + key.encode() + "]";
    }
}
