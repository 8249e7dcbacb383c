package eu.custodia.tlog.note;

import java.util.Arrays;

/**
 * One signature line of a signed note: {@code — <key name> base64(key ID || signature)}
 * (<a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section "Signatures"), verified or not.
 *
 * @param name the key name
 * @param keyId the 32-bit key ID
 * @param signature the signature bytes after the key ID (at least one byte)
 */
public record Signature(String name, int keyId, byte[] signature) {

    /**
     * @throws IllegalArgumentException if the name is not a valid key name or the signature is empty
     */
    public Signature {
        if (!NoteFormat.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name");
        }
        if (signature.length == 0) {
            throw new IllegalArgumentException("empty signature");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Returns {@code base64(key ID || signature)}, the encoded form used on the signature line. */
    public String base64() {
        byte[] raw = Arrays.copyOf(KeyId.toBytes(keyId), 4 + signature.length);
        System.arraycopy(signature, 0, raw, 4, signature.length);
        return TextCodec.encodeBase64(raw);
    }

    /** Returns the signature line without its final newline: em dash, space, name, space, base64. */
    public String line() {
        return NoteFormat.SIGNATURE_PREFIX + name + " " + base64();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && s.name.equals(name) && s.keyId == keyId
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + keyId) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Signature[" + name + "+" + KeyId.hex(keyId) + "]";
    }
}
