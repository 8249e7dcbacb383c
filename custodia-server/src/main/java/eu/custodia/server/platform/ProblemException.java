package eu.custodia.server.platform;

import java.util.Map;

/**
 * An error the caller can act on, rendered as RFC 9457 {@code application/problem+json} with a stable
 * {@link ProblemType}. The detail is written for a person; it never contains secrets or tenant data.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ProblemType type;
    private final transient Map<String, Object> properties;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
