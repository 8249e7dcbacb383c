package eu.custodia.server.backup;

/**
 * A backup, verification or restore that cannot go on, with its reason in English and Italian (for the
 * person at the console). Never carries key material or tenant content.
 */
public final class BackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String italian;

    public BackupException(String english, String italian) {
        super(english);
        this.italian = italian;
    }

    public BackupException(String english, String italian, Throwable cause) {
        super(english, cause);
        this.italian = italian;
    }

    /** The reason in English. */
    public String english() {
        return getMessage();
    }

    /** The reason in Italian. */
    public String italian() {
        return italian;
    }
}
