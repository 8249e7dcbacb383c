package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A {@link NoteSigner} for Ed25519 note signatures (signature type 0x01 of
 * <a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section "Ed25519 signatures"). It is read
 * from the private key text of Go's {@code golang.org/x/mod/sumdb/note},
 * {@code PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 || 32-byte seed)}, or generated. Neither error
 * messages nor {@link #toString()} reveal key material.
 */
public final class Ed25519NoteSigner implements NoteSigner {

    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final VerifierKey verifierKey;
    private final int keyId;
    private final PrivateKey privateKey;

    private Ed25519NoteSigner(String name, byte[] seed) throws GeneralSecurityException {
        this.verifierKey = new VerifierKey(name, Ed25519.publicFromSeed(seed));
        this.keyId = verifierKey.keyId();
        this.privateKey = Ed25519.privateKey(seed);
    }

    /**
     * Parses private key text (Go's {@code note.NewSigner}), deriving the public key and checking the key
     * ID against it.
     *
     * @throws VerificationException if the text is malformed, not Ed25519, or its key ID does not match
     */
    public static Ed25519NoteSigner parse(String privateKeyText) throws VerificationException {
        if (!privateKeyText.startsWith(PRIVATE_PREFIX)) {
            throw new VerificationException("private key: missing PRIVATE+KEY+ prefix");
        }
        String rest = privateKeyText.substring(PRIVATE_PREFIX.length());
        int p1 = rest.indexOf('+');
        int p2 = p1 < 0 ? -1 : rest.indexOf('+', p1 + 1);
        if (p2 < 0) {
            throw new VerificationException("private key: expected PRIVATE+KEY+<name>+<key ID>+<key>");
        }
        String name = rest.substring(0, p1);
        if (!NoteFormat.isValidName(name)) {
            throw new VerificationException("private key: invalid key name");
        }
        Integer keyId = KeyId.parseHex(rest.substring(p1 + 1, p2));
        if (keyId == null) {
            throw new VerificationException("private key " + name + ": key ID is not 8 hex digits");
        }
        byte[] typed;
        try {
            typed = TextCodec.decodeBase64(rest.substring(p2 + 1), "private key");
        } catch (VerificationException e) {
            throw new VerificationException("private key " + name + ": key is not canonical base64");
        }
        try {
            if (typed.length == 0 || typed[0] != KeyId.ALG_ED25519) {
                throw new VerificationException("private key " + name + ": unsupported or missing signature type");
            }
            if (typed.length != 1 + Ed25519.KEY_SIZE) {
                throw new VerificationException("private key " + name + ": Ed25519 seed must be 32 bytes");
            }
            Ed25519NoteSigner signer = new Ed25519NoteSigner(name, Arrays.copyOfRange(typed, 1, typed.length));
            if (signer.keyId != keyId) {
                throw new VerificationException("private key " + name + ": key ID " + KeyId.hex(keyId)
                        + " does not match the key (expected " + KeyId.hex(signer.keyId) + ")");
            }
            return signer;
        } catch (GeneralSecurityException e) {
            throw new VerificationException("private key " + name + ": unusable Ed25519 seed", e);
        } finally {
            Arrays.fill(typed, (byte) 0);
        }
    }

    /**
     * Generates a new Ed25519 key pair for {@code name} (Go's {@code note.GenerateKey}).
     *
     * @throws IllegalArgumentException if {@code name} is not a valid key name
     * @throws GeneralSecurityException if the JDK cannot generate Ed25519 keys
     */
    public static NoteKeyPair generate(String name, SecureRandom random) throws GeneralSecurityException {
        if (!NoteFormat.isValidName(name)) {
            throw new IllegalArgumentException("invalid key name");
        }
        byte[][] pair = Ed25519.generate(random);
        byte[] typedSeed = new byte[1 + Ed25519.KEY_SIZE];
        typedSeed[0] = KeyId.ALG_ED25519;
        System.arraycopy(pair[0], 0, typedSeed, 1, Ed25519.KEY_SIZE);
        VerifierKey vkey = new VerifierKey(name, pair[1]);
        String skey = PRIVATE_PREFIX + name + "+" + KeyId.hex(vkey.keyId()) + "+" + TextCodec.encodeBase64(typedSeed);
        Arrays.fill(typedSeed, (byte) 0);
        Arrays.fill(pair[0], (byte) 0);
        return new NoteKeyPair(skey, vkey);
    }

    /** Returns the verifier key matching this signer. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    @Override
    public String name() {
        return verifierKey.name();
    }

    @Override
    public int keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) throws GeneralSecurityException {
        return Ed25519.sign(privateKey, message);
    }

    @Override
    public String toString() {
        return "Ed25519NoteSigner[" + verifierKey.name() + "+" + KeyId.hex(keyId) + "]";
    }
}
