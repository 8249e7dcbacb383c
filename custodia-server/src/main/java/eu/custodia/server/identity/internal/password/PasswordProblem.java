package eu.custodia.server.identity.internal.password;

/**
 * Why {@link PasswordPolicy} refuses a password: a stable {@link #code()} for programs and a message in English
 * and Italian for the person choosing it. Messages say what to do and never repeat the password.
 */
public enum PasswordProblem {

    /** Fewer than {@value PasswordPolicy#MIN_LENGTH} characters (code points after NFKC). */
    TOO_SHORT("too-short",
            "The password is too short: use at least " + PasswordPolicy.MIN_LENGTH + " characters.",
            "La password è troppo corta: usare almeno " + PasswordPolicy.MIN_LENGTH + " caratteri."),

    /** More than {@value PasswordPolicy#MAX_LENGTH} characters (code points after NFKC). */
    TOO_LONG("too-long",
            "The password is too long: use at most " + PasswordPolicy.MAX_LENGTH + " characters.",
            "La password è troppo lunga: usare al massimo " + PasswordPolicy.MAX_LENGTH + " caratteri."),

    /** On the list of common and breached passwords, in any letter case. */
    COMMON("common",
            "This password is on a list of common or breached passwords: choose another.",
            "Questa password è in un elenco di password comuni o violate: sceglierne un'altra."),

    /** Equal to or containing the username or the local part of the e-mail address. */
    CONTAINS_USERNAME("contains-username",
            "The password contains your username or the part of your e-mail address before the @: choose another.",
            "La password contiene il nome utente o la parte dell'indirizzo e-mail prima della @: sceglierne "
                    + "un'altra."),

    /** Not well-formed Unicode text (an unpaired surrogate), so it has no single encoding to hash. */
    INVALID_TEXT("invalid-text",
            "The password contains characters that are not valid text: type it again.",
            "La password contiene caratteri non validi come testo: digitarla di nuovo.");

    private final String code;
    private final String messageEn;
    private final String messageIt;

    PasswordProblem(String code, String messageEn, String messageIt) {
        this.code = code;
        this.messageEn = messageEn;
        this.messageIt = messageIt;
    }

    /** The stable code, e.g. {@code too-short}. */
    public String code() {
        return code;
    }

    /** The message in English. */
    public String messageEn() {
        return messageEn;
    }

    /** The message in Italian. */
    public String messageIt() {
        return messageIt;
    }

    /** Returns the message in the given language ({@code it} for Italian, anything else English). */
    public String message(String lang) {
        return "it".equals(lang) ? messageIt : messageEn;
    }
}
