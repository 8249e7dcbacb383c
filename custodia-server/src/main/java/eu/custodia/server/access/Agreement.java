package eu.custodia.server.access;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A staff member's confidentiality agreement as registered (commitment 3). It names the account by id and
 * holds no document, only its SHA-256; it is never changed, only ended.
 *
 * @param id {@code agr-…}
 * @param account the staff account it covers
 * @param kind one of {@link Agreements#KINDS}
 * @param signedOn the day it was signed (UTC)
 * @param expiresOn the last day it is valid (UTC): it covers its staff member through that day
 * @param documentSha256 the SHA-256 of the signed document, 64 lower-case hex digits
 * @param registeredAt when it was registered
 * @param registeredBy who registered it (an id)
 * @param endedAt when it was ended (withdrawn), or null
 * @param endedBy who ended it, or null
 * @param endReason why it was ended (one of {@link Agreements#END_REASONS}), or null
 * @param noticeSentAt when the notice of its coming expiry went out, or null
 * @param status {@code valid}, {@code expired}, {@code ended} or {@code not-yet-valid}, as of today
 */
public record Agreement(String id, String account, String kind, LocalDate signedOn, LocalDate expiresOn,
        String documentSha256, Instant registeredAt, String registeredBy, Instant endedAt, String endedBy,
        String endReason, Instant noticeSentAt, String status) {

    public static final String VALID = "valid";
    public static final String EXPIRED = "expired";
    public static final String ENDED = "ended";
    public static final String NOT_YET_VALID = "not-yet-valid";

    /** Its status on {@code today} (UTC). */
    public static String status(LocalDate signedOn, LocalDate expiresOn, Instant endedAt, LocalDate today) {
        if (endedAt != null) {
            return ENDED;
        }
        if (signedOn.isAfter(today)) {
            return NOT_YET_VALID;
        }
        return expiresOn.isBefore(today) ? EXPIRED : VALID;
    }

    /** True when it covers its staff member today. */
    public boolean valid() {
        return VALID.equals(status);
    }
}
