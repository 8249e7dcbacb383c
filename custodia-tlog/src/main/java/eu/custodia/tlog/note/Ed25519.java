package eu.custodia.tlog.note;

import eu.custodia.tlog.SuppressForbidden;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) through the JDK's "Ed25519" provider, on raw 32-byte keys. Raw keys become JDK keys
 * by prefixing the fixed DER headers of RFC 8410 (SubjectPublicKeyInfo and PKCS #8 for id-Ed25519).
 */
@SuppressForbidden(reason = "the Ed25519 kernel of C2SP signed-note: JDK Signature, KeyFactory and KeyPairGenerator, nothing else")
final class Ed25519 {

    static final int KEY_SIZE = 32;
    static final int SIGNATURE_SIZE = 64;

    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes, 0 unused bits) }. */
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    /** SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }. */
    private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

    private Ed25519() {
    }

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
    }

    static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
        byte[] der = concat(PKCS8_PREFIX, seed);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** Generates a key pair; returns {seed, public key}, both raw 32 bytes. */
    static byte[][] generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("Ed25519");
        kpg.initialize(NamedParameterSpec.ED25519, random);
        KeyPair kp = kpg.generateKeyPair();
        return new byte[][] {rawSeed(kp.getPrivate()), rawPublic(kp.getPublic())};
    }

    /**
     * Derives the raw public key of a seed. The JDK has no public API for this, so the key pair
     * generator is fed the seed as its randomness (RFC 8032 §5.1.5 uses 32 random bytes as the seed);
     * the result is checked to carry that exact seed before it is trusted.
     */
    static byte[] publicFromSeed(byte[] seed) throws GeneralSecurityException {
        byte[][] pair = generate(new SeedRandom(seed));
        if (!Arrays.equals(pair[0], seed)) {
            throw new GeneralSecurityException("cannot derive an Ed25519 public key from a seed on this JDK");
        }
        return pair[1];
    }

    static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    /** Returns whether {@code signature} is a valid signature; never throws on malformed input. */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] rawSeed(PrivateKey key) throws GeneralSecurityException {
        byte[] der = key.getEncoded();
        try {
            return tail(der, PKCS8_PREFIX);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] rawPublic(PublicKey key) throws GeneralSecurityException {
        return tail(key.getEncoded(), X509_PREFIX);
    }

    private static byte[] tail(byte[] der, byte[] prefix) throws GeneralSecurityException {
        if (der == null || der.length != prefix.length + KEY_SIZE
                || !Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new GeneralSecurityException("unexpected Ed25519 key encoding from the JDK provider");
        }
        return Arrays.copyOfRange(der, prefix.length, der.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** A "random" source that yields one fixed seed, used only to derive a public key. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected request for randomness");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            Arrays.fill(seed, (byte) 0);
        }
    }
}
