package eu.custodia.server.records.internal;

import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque pagination cursor of records and blobs: the id after which the next page starts. Clients must
 * not build or interpret it; a malformed one is a 400 problem.
 */
final class Cursors {

    private static final String PREFIX = "r1:";

    private Cursors() {
    }

    static String encode(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id after which to start: empty for no cursor. */
    static String decode(String cursor) {
        if (cursor == null) {
            return "";
        }
        try {
            if (cursor.length() > 256) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX) || !RecordNames.ID.matcher(text.substring(PREFIX.length())).matches()) {
                throw new IllegalArgumentException("not a records cursor");
            }
            return text.substring(PREFIX.length());
        } catch (IllegalArgumentException e) {
            throw BilingualProblem.field(ProblemType.INVALID_CURSOR, "cursor", "Use the cursor from a previous "
                    + "page's next link unchanged.", "Usare il cursore del link next di una pagina precedente, "
                    + "senza modificarlo.");
        }
    }
}
