package eu.custodia.bench.vault;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The baseline "cipher" of the {@code document_write_read} figure, for benchmarks only: it encrypts nothing.
 * {@link #encrypt} returns {@code 0x01 || key id (4 bytes, big-endian) || plaintext}, the layout of a Tink
 * ciphertext with a TINK output prefix minus the IV and tag, so the records service still reads a key id from
 * it; {@link #decrypt} checks the prefix and returns the rest. The associated data is ignored.
 */
final class PassThroughAead implements Aead {

    /** Bytes before the plaintext: the prefix marker and the key id. */
    static final int PREFIX_BYTES = 5;

    private final byte[] prefix;

    PassThroughAead(int keyId) {
        this.prefix = new byte[] {0x01, (byte) (keyId >>> 24), (byte) (keyId >>> 16), (byte) (keyId >>> 8),
                (byte) keyId};
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] out = Arrays.copyOf(prefix, PREFIX_BYTES + plaintext.length);
        System.arraycopy(plaintext, 0, out, PREFIX_BYTES, plaintext.length);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext.length < PREFIX_BYTES
                || !Arrays.equals(ciphertext, 0, PREFIX_BYTES, prefix, 0, PREFIX_BYTES)) {
            throw new GeneralSecurityException("not a pass-through ciphertext of this key");
        }
        return Arrays.copyOfRange(ciphertext, PREFIX_BYTES, ciphertext.length);
    }
}
