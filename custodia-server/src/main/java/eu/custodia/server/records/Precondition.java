package eu.custodia.server.records;

/**
 * What a write expects of the record's current state (RFC 9110 §13): nothing ({@link #NONE}: create the
 * record if it does not exist; replacing an existing one needs a version), that it does not exist
 * ({@code If-None-Match: *}), that it exists at any version ({@code If-Match: *}), or that it is at one of
 * the given versions ({@code If-Match: "3"}).
 */
public record Precondition(Kind kind, java.util.Set<Long> versions) {

    public enum Kind { NONE, MUST_NOT_EXIST, ANY_VERSION, VERSIONS }

    public static final Precondition NONE = new Precondition(Kind.NONE, java.util.Set.of());
    public static final Precondition MUST_NOT_EXIST = new Precondition(Kind.MUST_NOT_EXIST, java.util.Set.of());

    public Precondition {
        versions = java.util.Set.copyOf(versions);
    }

    /** Expects the record at exactly {@code version}. */
    public static Precondition version(long version) {
        return new Precondition(Kind.VERSIONS, java.util.Set.of(version));
    }
}
