package eu.custodia.server.records;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a collection declares about its documents' top-level fields: which are {@code indexed} (searchable by
 * exact match through blind indexes) and which are {@code personal} (personal data, for data-subject
 * requests), and which field holds the data-subject key. Undeclared fields are stored, sealed, and neither
 * indexed nor marked. The schema holds field names only, never values.
 *
 * @param fields the declared fields by name
 * @param subjectField the field whose value identifies the data subject a document is about, or null
 */
public record CollectionSchema(Map<String, Field> fields, String subjectField) {

    public CollectionSchema {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** A declared field: searchable by exact match, and/or personal data. */
    public record Field(boolean indexed, boolean personal) {
    }

    /** True when {@code name} is declared indexed. */
    public boolean indexed(String name) {
        Field f = fields.get(name);
        return f != null && f.indexed();
    }
}
