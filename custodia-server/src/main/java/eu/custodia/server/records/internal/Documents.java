package eu.custodia.server.records.internal;

import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.records.CollectionSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a document as the collection's schema sees it: a JSON object, the values of its indexed fields in
 * canonical form (strings as they are, numbers in plain form without trailing zeros, booleans as
 * {@code true}/{@code false}; an array gives each of its scalar elements) and its data-subject key.
 */
final class Documents {

    /** What the indexes and the subject token are computed from; never stored or logged in clear. */
    record Parsed(Map<String, Set<String>> indexValues, String subjectKey) {
    }

    private final JsonMapper json;

    Documents(JsonMapper json) {
        this.json = json;
    }

    Parsed parse(byte[] document, CollectionSchema schema) {
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (JacksonException e) {
            throw BilingualProblem.of(RecordsProblems.INVALID_DOCUMENT,
                    "The document is not valid JSON (at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ").",
                    "Il documento non è JSON valido (riga " + e.getLocation().getLineNr() + ", colonna "
                            + e.getLocation().getColumnNr() + ").");
        }
        if (root == null || !root.isObject()) {
            throw BilingualProblem.of(RecordsProblems.INVALID_DOCUMENT, "The document must be a JSON object.",
                    "Il documento deve essere un oggetto JSON.");
        }
        Map<String, Set<String>> values = new java.util.TreeMap<>();
        for (var entry : schema.fields().entrySet()) {
            if (entry.getValue().indexed()) {
                JsonNode value = root.get(entry.getKey());
                if (value != null && !value.isNull()) {
                    values.put(entry.getKey(), scalars(entry.getKey(), value));
                }
            }
        }
        String subject = null;
        if (schema.subjectField() != null) {
            JsonNode value = root.get(schema.subjectField());
            if (value != null && !value.isNull()) {
                if (!value.isString() && !value.isNumber()) {
                    throw BilingualProblem.field(RecordsProblems.INVALID_DOCUMENT, schema.subjectField(),
                            "The data-subject field " + schema.subjectField() + " must hold a string or a number.",
                            "Il campo dell'interessato " + schema.subjectField() + " deve contenere una stringa o "
                                    + "un numero.");
                }
                subject = canonical(value);
            }
        }
        return new Parsed(values, subject);
    }

    private static Set<String> scalars(String field, JsonNode value) {
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.values().forEach(items::add);
        } else {
            items.add(value);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : items) {
            if (item.isNull()) {
                continue;
            }
            if (!item.isString() && !item.isNumber() && !item.isBoolean()) {
                throw BilingualProblem.field(RecordsProblems.INVALID_DOCUMENT, field, "The indexed field " + field
                        + " must hold a string, a number, a boolean, or an array of them.", "Il campo indicizzato "
                        + field + " deve contenere una stringa, un numero, un booleano o un array di questi.");
            }
            out.add(canonical(item));
        }
        return out;
    }

    private static String canonical(JsonNode scalar) {
        if (scalar.isNumber()) {
            return number(scalar.decimalValue());
        }
        if (scalar.isBoolean()) {
            return scalar.booleanValue() ? "true" : "false";
        }
        return scalar.stringValue();
    }

    private static String number(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /**
     * The forms a searched value may have been indexed under: as given, and, when it reads as a number, in
     * canonical number form (so {@code 42.0} finds {@code 42}).
     */
    static Set<String> searchForms(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        if (value.length() <= 64) {
            try {
                forms.add(number(new BigDecimal(value.trim())));
            } catch (NumberFormatException notANumber) {
                // a string value only
            }
        }
        return forms;
    }
}
