package eu.custodia.server.tenancy.internal;

import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque pagination cursor: the register position after which the next page starts. Clients must not
 * build or interpret it; a malformed one is a 400 problem.
 */
final class Cursor {

    private static final String PREFIX = "t1:";
    private static final int MAX_LENGTH = 64;

    private Cursor() {
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position after which to start: 0 for no cursor. */
    static long decode(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(PREFIX)) {
                throw new IllegalArgumentException("wrong prefix");
            }
            long seq = Long.parseLong(text.substring(PREFIX.length()));
            if (seq < 0) {
                throw new IllegalArgumentException("negative");
            }
            return seq;
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_CURSOR,
                    "Use the cursor from a previous page's next link unchanged.");
        }
    }
}
