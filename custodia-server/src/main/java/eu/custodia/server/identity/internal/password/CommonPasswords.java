package eu.custodia.server.identity.internal.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A blocklist of common and breached passwords (NIST SP 800-63B, 5.1.1.2), held as one sorted array of
 * folded entries ({@link PasswordText#folded}: NFKC, lower case by {@link java.util.Locale#ROOT}) and searched
 * by binary search, so a check is case-insensitive.
 *
 * <p>{@link #shipped()} is the list in {@code identity/blocklist/common-passwords.txt}: the entries of 12 to
 * 128 characters among the million most frequent passwords of a public breach corpus (origin, licence and the
 * exact filtering in {@code SOURCE.md} and {@code LICENSE} beside it). Shorter entries are left out because the
 * policy refuses them anyway. It is read once, on first use, and then shared.
 */
public final class CommonPasswords {

    /** The classpath location of the shipped list: one password per line, UTF-8. */
    public static final String RESOURCE = "/identity/blocklist/common-passwords.txt";

    private final String[] sorted;

    private CommonPasswords(String[] sorted) {
        this.sorted = sorted;
    }

    /** Returns the shipped list, reading it on the first call. */
    public static CommonPasswords shipped() {
        return Shipped.LIST;
    }

    /** Returns a list of these entries (folded here), for tests and for a deployment that adds its own. */
    public static CommonPasswords of(Collection<String> entries) {
        TreeSet<String> folded = new TreeSet<>();
        for (String entry : entries) {
            folded.add(PasswordText.folded(Objects.requireNonNull(entry, "entry")));
        }
        return new CommonPasswords(folded.toArray(String[]::new));
    }

    /** Returns whether the password, folded, is on the list. */
    public boolean contains(CharSequence password) {
        return Arrays.binarySearch(sorted, PasswordText.folded(password)) >= 0;
    }

    /** Returns the number of distinct folded entries. */
    public int size() {
        return sorted.length;
    }

    @Override
    public String toString() {
        return "CommonPasswords[" + sorted.length + " entries]";
    }

    static CommonPasswords read(InputStream in) throws IOException {
        TreeSet<String> folded = new TreeSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    folded.add(PasswordText.folded(line));
                }
            }
        }
        return new CommonPasswords(folded.toArray(String[]::new));
    }

    /** Holder: the class loader reads the shipped list once, the first time {@link #shipped()} runs. */
    private static final class Shipped {

        static final CommonPasswords LIST = load();

        private static CommonPasswords load() {
            InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            try {
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
