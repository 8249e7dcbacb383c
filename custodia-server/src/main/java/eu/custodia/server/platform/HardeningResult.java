package eu.custodia.server.platform;

import java.util.Objects;

/**
 * The outcome of one hardening check: a stable id, the commitment (1–11, see {@code CONTROLS.md}) the setting
 * protects, whether it passed, and the reason in English and Italian (what is wrong and how to fix it, or
 * what was verified). Reasons never contain secrets.
 */
public record HardeningResult(String id, int commitment, boolean passed, String reasonEn, String reasonIt) {

    public HardeningResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reasonEn, "reasonEn");
        Objects.requireNonNull(reasonIt, "reasonIt");
        if (commitment < 1 || commitment > 11) {
            throw new IllegalArgumentException("commitment must be 1-11, was " + commitment);
        }
    }

    public static HardeningResult pass(String id, int commitment, String reasonEn, String reasonIt) {
        return new HardeningResult(id, commitment, true, reasonEn, reasonIt);
    }

    public static HardeningResult fail(String id, int commitment, String reasonEn, String reasonIt) {
        return new HardeningResult(id, commitment, false, reasonEn, reasonIt);
    }

    /** Returns the reason in the given language ({@code it} for Italian, anything else English). */
    public String reason(String lang) {
        return "it".equals(lang) ? reasonIt : reasonEn;
    }
}
