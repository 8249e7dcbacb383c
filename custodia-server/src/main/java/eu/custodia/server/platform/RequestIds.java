package eu.custodia.server.platform;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The id of the HTTP request the current thread is serving: 128 random bits, set by the platform's request
 * filter before anything else runs, returned to the client in the {@code X-Request-Id} header and in every
 * problem response, and written into every ledger event the request causes. A client, an operator and an
 * auditor can then tie one response to exactly the ledger entries it produced (commitment 11: forensic
 * evidence). Ids are always generated here: a client-supplied {@code X-Request-Id} is never adopted, so
 * nobody can make two requests share an id in the ledger.
 */
public final class RequestIds {

    /** The response header that carries the id. */
    public static final String HEADER = "X-Request-Id";

    /** The shape of every id: {@code req-} and 32 lower-case hexadecimal digits. */
    public static final Pattern FORMAT = Pattern.compile("req-[0-9a-f]{32}");

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private RequestIds() {
    }

    /** The current request's id, or {@code null} outside a request (background work, start-up). */
    public static String current() {
        return CURRENT.get();
    }

    /** A fresh id. */
    public static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return "req-" + HexFormat.of().formatHex(bits);
    }

    /**
     * Makes {@code id} the current thread's request id until the returned scope is closed. For the request
     * filter (and tests); nesting restores the outer id.
     */
    public static Scope open(String id) {
        String outer = CURRENT.get();
        CURRENT.set(id);
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /** Ends a request id's validity on the thread. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
