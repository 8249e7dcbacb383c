package eu.custodia.tlog.verify;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * What {@code custodia-verify} says to a person, in English or Italian ({@code --lang}, else
 * {@code CUSTODIA_LANG}, else the platform locale). Diagnostic details that come from the kernel (which
 * hash, which line) are appended as they are. Patterns are {@link MessageFormat}s, so an apostrophe is
 * written twice in the bundles.
 */
final class Messages {

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("eu.custodia.tlog.verify.messages", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    static Messages forLanguage(String language) {
        String lang = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        return new Messages(lang.startsWith("it") ? Locale.ITALIAN : Locale.ENGLISH);
    }

    /** Picks the language from an explicit choice, then the environment, then the platform locale. */
    static Messages select(String explicit, String environment) {
        if (explicit != null && !explicit.isBlank()) {
            return forLanguage(explicit);
        }
        if (environment != null && !environment.isBlank()) {
            return forLanguage(environment);
        }
        return forLanguage(Locale.getDefault().getLanguage());
    }

    Locale locale() {
        return locale;
    }

    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("missing message " + key + " for " + locale, e);
        }
        return new MessageFormat(pattern, locale).format(args);
    }
}
