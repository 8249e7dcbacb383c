package eu.custodia.server.records.internal;

import eu.custodia.server.platform.BilingualProblem;
import java.util.regex.Pattern;

/**
 * The shapes of what the records API names: collections, record and blob ids, fields. None may contain
 * {@code |} (the separator of associated data) or anything a URL or a log would need to escape. Ids are stored
 * and ledgered in clear, so they must be opaque: never put personal data in an id.
 */
final class RecordNames {

    static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private RecordNames() {
    }

    static String collection(String name) {
        return check(COLLECTION, name, "collection",
                "must be 1-63 characters: lower-case letters, digits, '-' and '_', starting with a letter or digit",
                "deve avere 1-63 caratteri: lettere minuscole, cifre, '-' e '_', e iniziare con una lettera o una cifra");
    }

    static String id(String id, String what) {
        return check(ID, id, what,
                "must be 1-128 characters: letters, digits, '.', '-' and '_', starting with a letter or digit",
                "deve avere 1-128 caratteri: lettere, cifre, '.', '-' e '_', e iniziare con una lettera o una cifra");
    }

    static String field(String name) {
        return check(FIELD, name, "field",
                "must be 1-64 characters: letters, digits and '_', not starting with a digit",
                "deve avere 1-64 caratteri: lettere, cifre e '_', e non iniziare con una cifra");
    }

    private static String check(Pattern pattern, String value, String what, String en, String it) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw BilingualProblem.field(RecordsProblems.INVALID_NAME, what, "The " + what + " " + en + ".",
                    "Il campo " + what + " " + it + ".");
        }
        return value;
    }
}
