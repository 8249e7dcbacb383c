package eu.custodia.server.records.internal;

import eu.custodia.server.platform.ProblemType;
import org.springframework.http.HttpStatus;

/** The records module's stable problem types ({@code urn:custodia:problem:<slug>}). */
final class RecordsProblems {

    static final ProblemType INVALID_NAME = new ProblemType("invalid-name", HttpStatus.BAD_REQUEST,
            "A collection name, record id or field name is not valid");
    static final ProblemType INVALID_DOCUMENT = new ProblemType("invalid-document", HttpStatus.BAD_REQUEST,
            "The document is not a JSON object the collection accepts");
    static final ProblemType INVALID_SCHEMA = new ProblemType("invalid-schema", HttpStatus.BAD_REQUEST,
            "The collection schema is not valid");
    static final ProblemType SCHEMA_CHANGE_REFUSED = new ProblemType("schema-change-refused", HttpStatus.CONFLICT,
            "The collection holds documents the new schema cannot apply to");
    static final ProblemType FIELD_NOT_INDEXED = new ProblemType("field-not-indexed", HttpStatus.BAD_REQUEST,
            "Only indexed fields can be searched");
    static final ProblemType DOCUMENT_TOO_LARGE = new ProblemType("document-too-large", HttpStatus.CONTENT_TOO_LARGE,
            "The document is larger than 1 MiB");
    static final ProblemType BLOB_TOO_LARGE = new ProblemType("blob-too-large", HttpStatus.CONTENT_TOO_LARGE,
            "The blob is larger than the configured maximum");
    static final ProblemType INTEGRITY_FAILURE = new ProblemType("integrity-failure",
            HttpStatus.INTERNAL_SERVER_ERROR, "Stored data failed its integrity check");

    private RecordsProblems() {
    }
}
