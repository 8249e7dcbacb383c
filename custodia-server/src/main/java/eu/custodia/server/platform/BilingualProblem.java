package eu.custodia.server.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Problems a person reads, in English and Italian like the sign-in notices: the English text is the
 * problem's {@code detail}, the Italian one its {@code messageIt} property. A problem about one field of the
 * request also names it ({@code field}) and lists it in {@code errors} as the other validation problems do,
 * with both texts.
 */
public final class BilingualProblem {

    private BilingualProblem() {
    }

    /** A problem with its text in English and Italian. */
    public static ProblemException of(ProblemType type, String en, String it) {
        return of(type, en, it, Map.of());
    }

    /** A problem with its text in English and Italian and further properties. */
    public static ProblemException of(ProblemType type, String en, String it, Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("messageIt", it);
        return new ProblemException(type, en, all);
    }

    /** A problem about one field of the request, with its text in English and Italian. */
    public static ProblemException field(ProblemType type, String field, String en, String it) {
        return field(type, field, en, it, Map.of());
    }

    /** A problem about one field of the request, with its text in English and Italian and more properties. */
    public static ProblemException field(ProblemType type, String field, String en, String it,
            Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("field", field);
        all.put("errors", List.of(Map.of("field", field, "message", en, "messageIt", it)));
        return of(type, en, it, all);
    }
}
