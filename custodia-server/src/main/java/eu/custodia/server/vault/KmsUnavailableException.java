package eu.custodia.server.vault;

/**
 * The KMS cannot be used: unreachable, refusing, or without the key asked for. Requests that need the
 * tenant's keys fail closed with 503 {@code urn:custodia:problem:kms-unavailable}. The message names the
 * adapter and the tenant, never key material.
 */
public final class KmsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KmsUnavailableException(String message) {
        super(message);
    }

    public KmsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
