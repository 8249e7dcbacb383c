package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.util.Arrays;

/**
 * An Ed25519 verifier key in the text form of Go's {@code golang.org/x/mod/sumdb/note}:
 * {@code <name>+<hex key ID>+base64(0x01 || 32-byte public key)}. The key ID is the one recommended by
 * <a href="https://c2sp.org/signed-note">C2SP signed-note</a>, sections "Signatures" and "Ed25519
 * signatures": {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}.
 *
 * @param name the key name
 * @param publicKey the raw 32-byte Ed25519 public key (RFC 8032)
 */
public record VerifierKey(String name, byte[] publicKey) {

    /**
     * @throws IllegalArgumentException if the name is invalid or the key is not 32 bytes
     */
    public VerifierKey {
        if (!NoteFormat.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name");
        }
        if (publicKey.length != Ed25519.KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    /**
     * Parses verifier key text, checking the name, the key ID against the key, and the algorithm.
     *
     * @throws VerificationException if the text is malformed, the algorithm is not Ed25519, or the key ID
     *     does not match the name and key
     */
    public static VerifierKey parse(String text) throws VerificationException {
        int p1 = text.indexOf('+');
        int p2 = p1 < 0 ? -1 : text.indexOf('+', p1 + 1);
        if (p2 < 0) {
            throw new VerificationException("verifier key: expected <name>+<key ID>+<key>");
        }
        String name = text.substring(0, p1);
        if (!NoteFormat.isValidName(name)) {
            throw new VerificationException("verifier key: invalid key name");
        }
        Integer keyId = KeyId.parseHex(text.substring(p1 + 1, p2));
        if (keyId == null) {
            throw new VerificationException("verifier key " + name + ": key ID is not 8 hex digits");
        }
        byte[] typed = TextCodec.decodeBase64(text.substring(p2 + 1), "verifier key " + name);
        if (typed.length == 0) {
            throw new VerificationException("verifier key " + name + ": empty key");
        }
        int expected = KeyId.compute(name, typed);
        if (expected != keyId) {
            throw new VerificationException("verifier key " + name + ": key ID " + KeyId.hex(keyId)
                    + " does not match the name and key (expected " + KeyId.hex(expected) + ")");
        }
        if (typed[0] != KeyId.ALG_ED25519) {
            throw new VerificationException("verifier key " + name + "+" + KeyId.hex(keyId)
                    + ": unsupported signature type 0x" + String.format(java.util.Locale.ROOT, "%02x", typed[0]));
        }
        if (typed.length != 1 + Ed25519.KEY_SIZE) {
            throw new VerificationException("verifier key " + name + "+" + KeyId.hex(keyId)
                    + ": Ed25519 key is " + (typed.length - 1) + " bytes, expected 32");
        }
        return new VerifierKey(name, Arrays.copyOfRange(typed, 1, typed.length));
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Returns the key ID, {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}. */
    public int keyId() {
        return KeyId.compute(name, typedKey());
    }

    /** Returns the verifier key text {@code <name>+<hex key ID>+base64(0x01 || public key)}. */
    public String encode() {
        return name + "+" + KeyId.hex(keyId()) + "+" + TextCodec.encodeBase64(typedKey());
    }

    /**
     * Returns a verifier for this key.
     *
     * @throws VerificationException if the JDK does not accept the bytes as an Ed25519 public key
     */
    public Ed25519NoteVerifier verifier() throws VerificationException {
        return new Ed25519NoteVerifier(this);
    }

    private byte[] typedKey() {
        byte[] typed = new byte[1 + publicKey.length];
        typed[0] = KeyId.ALG_ED25519;
        System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
        return typed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && k.name.equals(name) && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return encode();
    }
}
