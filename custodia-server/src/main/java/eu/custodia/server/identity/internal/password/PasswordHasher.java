package eu.custodia.server.identity.internal.password;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes as PHC strings, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (unpadded
 * standard base64, the format Spring Security's {@code Argon2PasswordEncoder} writes and reads), so each hash
 * records its own cost and a stronger configuration can rehash on the next sign-in ({@link #needsUpgrade}).
 * The password is NFKC-normalised first ({@link PasswordText}), the same form {@link PasswordPolicy} counts, then
 * encoded as UTF-8.
 *
 * <p>It calls BouncyCastle's {@link Argon2BytesGenerator} (the engine inside Spring's encoder) rather than the
 * encoder, because the encoder verifies any Argon2 variant and any cost a stored string asks for, throws instead
 * of answering false on some malformed strings (an empty or short hash, {@code t=0}), and its
 * {@code upgradeEncoding} ignores the variant, the parallelism and the salt and hash lengths. Here a stored value is parsed strictly: only
 * {@code argon2id}, version 19, canonical base64, and costs within ceilings ({@code m} at most 1 GiB,
 * {@code t} at most 64, {@code p} at most 16, salt and hash at most 64 bytes), so a corrupt or tampered row
 * cannot exhaust the server; anything else verifies as false, without an exception.
 *
 * <p>The password passes through a {@link String} (normalisation needs one), which cannot be wiped; the UTF-8
 * bytes handed to Argon2 are zeroed after use. Nothing this class throws or prints contains a password.
 */
public final class PasswordHasher {

    private static final Pattern PHC = Pattern.compile("\\$argon2id\\$v=19\\$m=([1-9][0-9]{0,9}),t=([1-9][0-9]{0,9}),"
            + "p=([1-9][0-9]{0,9})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int MAX_STORED_LENGTH = 256;
    private static final int MIN_STORED_SALT = 8;
    private static final int MIN_STORED_HASH = 16;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Argon2idParameters parameters;
    private final SecureRandom random;
    private final String dummy;

    /**
     * Creates a hasher that makes new hashes with these parameters.
     *
     * @param parameters the cost of new hashes (already checked against the OWASP floor)
     * @param random the source of salts
     */
    public PasswordHasher(Argon2idParameters parameters, SecureRandom random) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
        byte[] salt = new byte[parameters.saltLength()];
        byte[] hash = new byte[parameters.hashLength()];
        random.nextBytes(salt);
        random.nextBytes(hash);
        // A well-formed hash at the configured cost whose password nobody knows (the output is random bytes,
        // not derived from any input): verifying against it costs what verifying a real account costs.
        this.dummy = phc(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), salt, hash);
    }

    /** Creates a hasher with these parameters and a new {@link SecureRandom}. */
    public PasswordHasher(Argon2idParameters parameters) {
        this(parameters, new SecureRandom());
    }

    /** Returns the parameters new hashes are made with. */
    public Argon2idParameters parameters() {
        return parameters;
    }

    /**
     * Hashes a password with a new random salt.
     *
     * @param password the password as typed; it is NFKC-normalised here
     * @return the PHC string to store
     * @throws IllegalArgumentException if the password is not well-formed Unicode (an unpaired surrogate)
     */
    public String hash(CharSequence password) {
        byte[] secret = PasswordText.utf8(PasswordText.normalize(password));
        byte[] salt = new byte[parameters.saltLength()];
        random.nextBytes(salt);
        try {
            byte[] hash = derive(secret, salt, parameters.memoryKiB(), parameters.iterations(),
                    parameters.parallelism(), parameters.hashLength());
            return phc(parameters.memoryKiB(), parameters.iterations(), parameters.parallelism(), salt, hash);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Checks a password against a stored hash with the stored hash's own parameters, comparing in constant time.
     *
     * @param password the password as typed; it is NFKC-normalised here
     * @param stored the stored PHC string; {@code null} or malformed verifies as false
     * @return whether the password matches
     */
    public boolean verify(CharSequence password, String stored) {
        String normalized = PasswordText.normalize(password);
        Optional<Stored> parsed = parse(stored);
        if (parsed.isEmpty() || !PasswordText.wellFormed(normalized)) {
            return false;
        }
        Stored s = parsed.get();
        byte[] secret = PasswordText.utf8(normalized);
        try {
            byte[] actual = derive(secret, s.salt(), s.memoryKiB(), s.iterations(), s.parallelism(), s.hash().length);
            return MessageDigest.isEqual(actual, s.hash());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Spends the time of one {@link #verify} at the configured cost against a hash whose password nobody knows,
     * so a sign-in for an unknown username takes as long as one for a known username with a wrong password.
     *
     * @param password the password as typed
     * @return always {@code false}
     */
    public boolean dummyVerify(CharSequence password) {
        verify(password, dummy);
        return false;
    }

    /**
     * Returns whether a stored hash should be replaced after the next successful sign-in: true when it is not
     * a well-formed Argon2id hash (another algorithm such as bcrypt, another Argon2 variant, or malformed), or
     * when any of its memory, iterations, parallelism, salt length or hash length is below the configured one.
     */
    public boolean needsUpgrade(String stored) {
        return parse(stored).map(s -> s.memoryKiB() < parameters.memoryKiB()
                || s.iterations() < parameters.iterations()
                || s.parallelism() < parameters.parallelism()
                || s.salt().length < parameters.saltLength()
                || s.hash().length < parameters.hashLength()).orElse(true);
    }

    @Override
    public String toString() {
        return "PasswordHasher[argon2id " + parameters.phc() + "]";
    }

    private static byte[] derive(byte[] secret, byte[] salt, int memoryKiB, int iterations, int parallelism,
            int length) {
        Argon2Parameters argon2 = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(argon2);
        byte[] out = new byte[length];
        generator.generateBytes(secret, out);
        return out;
    }

    private static String phc(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Parses a stored PHC string strictly, or returns empty. Never throws. */
    private static Optional<Stored> parse(String stored) {
        if (stored == null || stored.length() > MAX_STORED_LENGTH) {
            return Optional.empty();
        }
        Matcher m = PHC.matcher(stored);
        if (!m.matches()) {
            return Optional.empty();
        }
        long memory = Long.parseLong(m.group(1));
        long iterations = Long.parseLong(m.group(2));
        long parallelism = Long.parseLong(m.group(3));
        if (memory > Argon2idParameters.MAX_MEMORY_KIB || iterations > Argon2idParameters.MAX_ITERATIONS
                || parallelism > Argon2idParameters.MAX_PARALLELISM || memory < 8 * parallelism) {
            return Optional.empty();
        }
        Optional<byte[]> salt = canonicalBase64(m.group(4), MIN_STORED_SALT);
        Optional<byte[]> hash = canonicalBase64(m.group(5), MIN_STORED_HASH);
        if (salt.isEmpty() || hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stored((int) memory, (int) iterations, (int) parallelism, salt.get(), hash.get()));
    }

    /** Decodes unpadded base64 that re-encodes to the same text (no ignored trailing bits), within bounds. */
    private static Optional<byte[]> canonicalBase64(String text, int minBytes) {
        byte[] bytes;
        try {
            bytes = B64_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < minBytes || bytes.length > Argon2idParameters.MAX_BYTES
                || !B64.encodeToString(bytes).equals(text)) {
            return Optional.empty();
        }
        return Optional.of(bytes);
    }

    /** A parsed stored hash. */
    private record Stored(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
    }
}
