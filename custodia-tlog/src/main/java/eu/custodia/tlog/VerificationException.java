package eu.custodia.tlog;

/**
 * The one exception every verifier and parser in this module throws when evidence is malformed, too
 * large, or does not verify. Verifiers fail closed: a caller that catches this must treat the input as
 * untrusted. The message says what failed and where (which entry, tile, line or proof step) so that a
 * person can act on it; it never contains secret key material.
 */
public final class VerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }

    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
