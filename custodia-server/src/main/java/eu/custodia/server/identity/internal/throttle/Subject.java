package eu.custodia.server.identity.internal.throttle;

import eu.custodia.tlog.merkle.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One throttling counter: what is being guessed ({@link Kind}) by whom or against whom ({@link Scope}), and
 * the value that names the account or the address. Passwords and second factors have separate counters, so
 * guessing one never spends or resets the other (a single shared counter, as in Keycloak's brute-force
 * detector, lets failures of one factor lock or unlock the other).
 *
 * <p>For an account, the value is derived from the username as submitted (in the same normalised form the
 * account lookup uses), whether or not such an account exists: unknown usernames are counted exactly like
 * known ones, so the throttle's answers reveal nothing about which usernames exist. For an address, the value
 * is the client address as text. Neither is stored: the table keeps only {@link #key()}, the SHA-256 of
 * {@code kind|scope|value}. {@link #toString()} leaves the value out.
 *
 * @param kind which credential
 * @param scope account or client address
 * @param value the account key or the address; never blank
 */
public record Subject(Kind kind, Scope scope, String value) {

    /** The credential being guessed. */
    public enum Kind {
        /** The password (first factor). */
        PASSWORD,
        /** A second factor: a TOTP code or a recovery code. */
        SECOND_FACTOR
    }

    /** Whose attempts the counter counts. */
    public enum Scope {
        /** Attempts against one account (or one unknown username), from anywhere. */
        ACCOUNT,
        /** Attempts from one client address, against any account. */
        ADDRESS
    }

    public Subject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a throttling subject needs a value");
        }
    }

    /** The counter of {@code kind} failures against the account named by {@code accountKey}. */
    public static Subject account(Kind kind, String accountKey) {
        return new Subject(kind, Scope.ACCOUNT, accountKey);
    }

    /** The counter of {@code kind} failures from the client {@code address}. */
    public static Subject address(Kind kind, String address) {
        return new Subject(kind, Scope.ADDRESS, address);
    }

    /** The stored key: lower-case hex SHA-256 of {@code kind|scope|value} (UTF-8). */
    public String key() {
        byte[] digest = Rfc9162.newDigest().digest((kind.name() + "|" + scope.name() + "|" + value)
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** Names the counter without its value, which may be personal data. */
    @Override
    public String toString() {
        return "Subject[" + kind + ", " + scope + "]";
    }
}
