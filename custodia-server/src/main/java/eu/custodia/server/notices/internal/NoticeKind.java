package eu.custodia.server.notices.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a notice reports: one kind per elevation ledger action, with the webhook event type
 * ({@code access.request.<kind>}) and its text for a person in English and Italian, rendered when read (the
 * stored notice holds ids and the ledger's non-personal reason only).
 */
enum NoticeKind {

    REQUESTED("elevation.requested", "requested",
            "Staff access requested", "Richiesto un accesso del personale",
            "A member of the provider's support staff asked for time-boxed access to your data (request %s).",
            "Un membro dell'assistenza del fornitore ha chiesto un accesso temporaneo ai vostri dati (richiesta %s)."),
    STAFF_APPROVED("elevation.staff-approved", "staff-approved",
            "Staff access approved by the provider", "Accesso del personale approvato dal fornitore",
            "A security officer of the provider approved request %s.",
            "Un responsabile della sicurezza del fornitore ha approvato la richiesta %s."),
    CUSTOMER_APPROVED("elevation.customer-approved", "customer-approved",
            "Staff access approved by your administrator", "Accesso del personale approvato da un vostro amministratore",
            "One of your administrators approved request %s.",
            "Uno dei vostri amministratori ha approvato la richiesta %s."),
    DENIED("elevation.denied", "denied",
            "Staff access denied", "Accesso del personale negato",
            "Request %s was denied: no access was granted.",
            "La richiesta %s è stata negata: nessun accesso è stato concesso."),
    ACTIVATED("elevation.activated", "activated",
            "Staff access active", "Accesso del personale attivo",
            "Request %s was activated: the support engineer can reach your data until the access ends or expires.",
            "La richiesta %s è stata attivata: il tecnico dell'assistenza può accedere ai vostri dati fino alla"
                    + " conclusione o alla scadenza dell'accesso."),
    BREAK_GLASS_ACTIVATED("elevation.break-glass-activated", "break-glass-activated",
            "Emergency staff access opened", "Aperto un accesso di emergenza del personale",
            "Request %s opened emergency access to your data without approval, as your policy allows; a security"
                    + " officer of the provider will review it.",
            "La richiesta %s ha aperto un accesso di emergenza ai vostri dati senza approvazione, come consente la"
                    + " vostra policy; un responsabile della sicurezza del fornitore lo esaminerà."),
    CONCLUDED("elevation.concluded", "concluded",
            "Staff access concluded", "Accesso del personale concluso",
            "The support engineer ended the access of request %s.",
            "Il tecnico dell'assistenza ha concluso l'accesso della richiesta %s."),
    REVOKED("elevation.revoked", "revoked",
            "Staff access revoked", "Accesso del personale revocato",
            "The access of request %s was revoked.",
            "L'accesso della richiesta %s è stato revocato."),
    REVOCATION_FAILED("elevation.revocation-failed", "revocation-failed",
            "Revocation of staff access did not complete", "Revoca dell'accesso del personale non completata",
            "The revocation of request %s did not complete.",
            "La revoca della richiesta %s non è stata completata."),
    EXPIRED("elevation.expired", "expired",
            "Staff access expired", "Accesso del personale scaduto",
            "Request %s expired: its access window ended, or it was not answered or activated in time.",
            "La richiesta %s è scaduta: la finestra di accesso è terminata, oppure non ha avuto risposta o non è"
                    + " stata attivata in tempo.");

    /** The prefix of every webhook event type. */
    static final String TYPE_PREFIX = "access.request.";

    private final String action;
    private final String code;
    private final String titleEn;
    private final String titleIt;
    private final String summaryEn;
    private final String summaryIt;

    NoticeKind(String action, String code, String titleEn, String titleIt, String summaryEn, String summaryIt) {
        this.action = action;
        this.code = code;
        this.titleEn = titleEn;
        this.titleIt = titleIt;
        this.summaryEn = summaryEn;
        this.summaryIt = summaryIt;
    }

    /** The kind that reports ledger action {@code action}, or empty when no notice is due for it. */
    static Optional<NoticeKind> ofAction(String action) {
        return Arrays.stream(values()).filter(k -> k.action.equals(action)).findFirst();
    }

    /** The kind stored as {@code code}. */
    static NoticeKind ofCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown notice kind"));
    }

    String action() {
        return action;
    }

    /** As stored and shown: {@code requested}, {@code activated}, … */
    String code() {
        return code;
    }

    /** The Standard Webhooks event type, e.g. {@code access.request.activated}. */
    String type() {
        return TYPE_PREFIX + code;
    }

    String title(Language language) {
        return language == Language.IT ? titleIt : titleEn;
    }

    String summary(Language language, String requestId) {
        return String.format(java.util.Locale.ROOT, language == Language.IT ? summaryIt : summaryEn, requestId == null ? "?" : requestId);
    }

    /** The languages notices are written in. */
    enum Language {
        EN("en"), IT("it");

        private final String tag;

        Language(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }

        /** The best of English and Italian for an {@code Accept-Language} header (English when none fits). */
        static Language of(String acceptLanguage) {
            if (acceptLanguage == null || acceptLanguage.isBlank()) {
                return EN;
            }
            try {
                String best = java.util.Locale.lookupTag(java.util.Locale.LanguageRange.parse(acceptLanguage),
                        java.util.List.of("en", "it"));
                return "it".equals(best) ? IT : EN;
            } catch (IllegalArgumentException e) {
                return EN;
            }
        }
    }
}
