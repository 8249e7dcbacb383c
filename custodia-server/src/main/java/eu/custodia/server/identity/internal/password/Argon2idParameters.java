package eu.custodia.server.identity.internal.password;

/**
 * The Argon2id cost that new password hashes are made with (RFC 9106, version 0x13). Construction refuses
 * anything below OWASP's minimum for Argon2id (19 MiB of memory, 2 iterations, parallelism 1, Password
 * Storage Cheat Sheet), with a 16-byte salt and a 32-byte hash; Spring Security's own default
 * ({@code m=16384}) is below it. It also refuses anything above the ceilings that {@link PasswordHasher} accepts
 * when it reads a stored hash, so every hash made can be verified.
 *
 * @param memoryKiB memory in KiB (Argon2 {@code m})
 * @param iterations passes over memory (Argon2 {@code t})
 * @param parallelism lanes (Argon2 {@code p})
 * @param saltLength random salt bytes per hash
 * @param hashLength output bytes per hash
 */
public record Argon2idParameters(int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength) {

    /** OWASP's minimum memory: 19 MiB. */
    public static final int MIN_MEMORY_KIB = 19_456;
    /** OWASP's minimum iterations at {@link #MIN_MEMORY_KIB}. */
    public static final int MIN_ITERATIONS = 2;
    /** OWASP's minimum parallelism. */
    public static final int MIN_PARALLELISM = 1;
    /** The minimum salt: 128 bits (RFC 9106 recommends 16 bytes). */
    public static final int MIN_SALT_LENGTH = 16;
    /** The minimum output: 256 bits. */
    public static final int MIN_HASH_LENGTH = 32;

    /** The largest memory a stored hash may ask for: 1 GiB, so a corrupt row cannot exhaust the server. */
    static final int MAX_MEMORY_KIB = 1 << 20;
    /** The largest iteration count a stored hash may ask for. */
    static final int MAX_ITERATIONS = 64;
    /** The largest parallelism a stored hash may ask for. */
    static final int MAX_PARALLELISM = 16;
    /** The largest salt or hash a stored hash may carry, in bytes. */
    static final int MAX_BYTES = 64;

    /** OWASP's minimum and what Custodia ships: {@code m=19456 KiB, t=2, p=1}, 16-byte salt, 32-byte hash. */
    public static final Argon2idParameters OWASP_MINIMUM =
            new Argon2idParameters(MIN_MEMORY_KIB, MIN_ITERATIONS, MIN_PARALLELISM, MIN_SALT_LENGTH, MIN_HASH_LENGTH);

    /**
     * Checks the floor and the ceilings.
     *
     * @throws IllegalArgumentException naming the OWASP floor when any value is below it, or the ceiling
     */
    public Argon2idParameters {
        atLeast("memoryKiB", memoryKiB, MIN_MEMORY_KIB, MAX_MEMORY_KIB);
        atLeast("iterations", iterations, MIN_ITERATIONS, MAX_ITERATIONS);
        atLeast("parallelism", parallelism, MIN_PARALLELISM, MAX_PARALLELISM);
        atLeast("saltLength", saltLength, MIN_SALT_LENGTH, MAX_BYTES);
        atLeast("hashLength", hashLength, MIN_HASH_LENGTH, MAX_BYTES);
    }

    private static void atLeast(String name, int value, int floor, int ceiling) {
        if (value < floor) {
            throw new IllegalArgumentException("Argon2id " + name + " " + value + " is below the floor " + floor
                    + " (OWASP minimum: m=19456 KiB, t=2, p=1; salt 16 bytes, hash 32 bytes)");
        }
        if (value > ceiling) {
            throw new IllegalArgumentException("Argon2id " + name + " " + value + " is above the ceiling " + ceiling);
        }
    }

    /** The PHC parameter text, e.g. {@code m=19456,t=2,p=1}. */
    public String phc() {
        return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }
}
