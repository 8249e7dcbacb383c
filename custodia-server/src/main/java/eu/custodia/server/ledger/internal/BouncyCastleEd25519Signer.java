package eu.custodia.server.ledger.internal;

import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteSigner;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs checkpoints with the ledger key through BouncyCastle's Ed25519 (RFC 8032 §5.1.6) instead of the
 * JDK's provider, whose pure-Java field arithmetic made signing two thirds of the integrator's CPU on JDK 17.
 * Ed25519 signatures are deterministic, so this signer's signatures are byte for byte those of
 * {@link Ed25519NoteSigner} for the same key and note (C2SP signed-note, signature type 0x01); the tests
 * compare the two. It is built from the same private key text that {@link Ed25519NoteSigner#parse} has
 * already validated, and refuses to exist if the public key it derives differs from that signer's.
 */
final class BouncyCastleEd25519Signer implements NoteSigner {

    private final String name;
    private final int keyId;
    private final Ed25519PrivateKeyParameters key;

    private BouncyCastleEd25519Signer(String name, int keyId, Ed25519PrivateKeyParameters key) {
        this.name = name;
        this.keyId = keyId;
        this.key = key;
    }

    /**
     * Returns a signer for the key in {@code privateKeyText}, which {@code parsed} was parsed from.
     *
     * @throws IllegalStateException if the text does not hold the key {@code parsed} holds
     */
    static BouncyCastleEd25519Signer of(String privateKeyText, Ed25519NoteSigner parsed) {
        byte[] typed = Base64.getDecoder().decode(keyPart(privateKeyText));
        try {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(typed, 1);
            if (!MessageDigest.isEqual(key.generatePublicKey().getEncoded(), parsed.verifierKey().publicKey())) {
                throw new IllegalStateException("the ledger signing key does not derive the public key it names");
            }
            return new BouncyCastleEd25519Signer(parsed.name(), parsed.keyId(), key);
        } finally {
            Arrays.fill(typed, (byte) 0);
        }
    }

    /**
     * Returns the base64 key of {@code PRIVATE+KEY+<name>+<key ID>+<key>}: after the fourth '+', since the
     * name and key ID hold none and base64 may.
     */
    private static String keyPart(String text) {
        int at = -1;
        for (int i = 0; i < 4; i++) {
            at = text.indexOf('+', at + 1);
        }
        return text.substring(at + 1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "BouncyCastleEd25519Signer[" + name + "]";
    }
}
