package eu.custodia.tlog.verify;

/** Bad command line or unreadable input: {@code custodia-verify} exits with status 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
