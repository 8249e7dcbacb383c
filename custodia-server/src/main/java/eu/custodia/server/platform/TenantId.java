package eu.custodia.server.platform;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A tenant's identifier: {@code t-} followed by 26 lower-case base32 characters (130 random bits). Opaque,
 * never derived from the tenant's name, safe in URLs, log origins and ledger entries (no personal data).
 */
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("t-[a-z2-7]{26}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a tenant id: expected t- and 26 base32 characters");
        }
    }

    /** Parses a tenant id from untrusted input, or returns {@code null} if it is not one. */
    public static TenantId parseOrNull(String text) {
        return text != null && FORMAT.matcher(text).matches() ? new TenantId(text) : null;
    }

    /**
     * Parses a tenant id given in a request (a path segment, a parameter), or throws a 400 validation problem
     * naming {@code field}, in English and Italian.
     */
    public static TenantId parseOrInvalid(String text, String field) {
        TenantId tenant = parseOrNull(text);
        if (tenant == null) {
            throw BilingualProblem.field(ProblemType.VALIDATION, field, "A tenant id is t- followed by 26 base32"
                    + " characters.", "Un id di tenant è t- seguito da 26 caratteri base32.");
        }
        return tenant;
    }

    /** Returns a new random tenant id. */
    public static TenantId random() {
        StringBuilder sb = new StringBuilder("t-");
        for (int i = 0; i < 26; i++) {
            sb.append(BASE32[RANDOM.nextInt(32)]);
        }
        return new TenantId(sb.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
