package eu.custodia.server.elevation.internal;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of just-in-time staff access ({@code custodia.elevation.*}).
 *
 * @param staffApprovals how many distinct security officers must approve (default 1); 0 means no request can
 *     ever be approved
 * @param defaultDuration the access window when the request names none (default 4 hours)
 * @param maxDuration the longest access window (default 8 hours)
 * @param pendingExpiry how long a request may wait unanswered, or approved but not activated (default 12 hours)
 * @param customerApproval per policy profile, when the tenant's administrators must approve too:
 *     {@code always}, {@code write} (only for write access) or {@code never}; defaults strict=always,
 *     baseline=write
 * @param ticketSystems per ticket system ({@code custodia.elevation.ticket-systems.<name>.*}): the pattern its
 *     references must match in full ({@code pattern}, default {@code [A-Z][A-Z0-9]+-[0-9]+}) and the secret of
 *     its webhook ({@code webhook-secret}, {@code whsec_<base64>}, none by default); when none is configured,
 *     one system {@code default} with the default pattern and no webhook
 * @param employer who employs the provider's staff, named in the customer's record of each use
 * @param country the country they work from (ISO 3166 code), named likewise; empty when unstated
 * @param breakGlass emergency break-glass access ({@code custodia.elevation.break-glass.*}): per policy profile,
 *     {@code allowed} or {@code forbidden} (defaults strict=forbidden, baseline=allowed; an unknown profile:
 *     forbidden), and two reserved keys, {@code max-duration} (the longest break-glass window, default PT1H, never
 *     above {@code max-duration}) and {@code review-within} (when the post-hoc review is due after activation,
 *     default PT24H)
 */
@ConfigurationProperties("custodia.elevation")
record ElevationProperties(@DefaultValue("1") int staffApprovals, @DefaultValue("PT4H") Duration defaultDuration,
        @DefaultValue("PT8H") Duration maxDuration, @DefaultValue("PT12H") Duration pendingExpiry,
        Map<String, String> customerApproval, Map<String, TicketSystem> ticketSystems,
        @DefaultValue("the provider") String employer, @DefaultValue("") String country,
        Map<String, String> breakGlass) {

    /** The ticket system used when a request names none. */
    static final String DEFAULT_TICKET_SYSTEM = "default";
    /** The pattern of a ticket system's references when its configuration names none. */
    static final String DEFAULT_TICKET_PATTERN = "[A-Z][A-Z0-9]+-[0-9]+";
    private static final String BREAK_GLASS_MAX_DURATION = "max-duration";
    private static final String BREAK_GLASS_REVIEW_WITHIN = "review-within";

    ElevationProperties {
        if (staffApprovals < 0) {
            throw new IllegalArgumentException("custodia.elevation.staff-approvals must be 0 or more");
        }
        if (defaultDuration.isNegative() || defaultDuration.isZero() || maxDuration.compareTo(defaultDuration) < 0) {
            throw new IllegalArgumentException("custodia.elevation.default-duration must be positive and at most"
                    + " custodia.elevation.max-duration");
        }
        customerApproval = customerApproval == null || customerApproval.isEmpty()
                ? Map.of("strict", "always", "baseline", "write") : Map.copyOf(customerApproval);
        for (Map.Entry<String, String> e : customerApproval.entrySet()) {
            if (!java.util.Set.of("always", "write", "never").contains(e.getValue())) {
                throw new IllegalArgumentException("custodia.elevation.customer-approval." + e.getKey()
                        + " must be always, write or never");
            }
        }
        ticketSystems = ticketSystems == null || ticketSystems.isEmpty()
                ? Map.of(DEFAULT_TICKET_SYSTEM, new TicketSystem(null, null)) : Map.copyOf(ticketSystems);
        for (Map.Entry<String, TicketSystem> e : ticketSystems.entrySet()) {
            Pattern.compile(e.getValue().pattern());
            if (e.getValue().webhookSecret() != null
                    && e.getValue().webhookKey().length < WebhookSignatures.MIN_KEY_BYTES) {
                throw new IllegalArgumentException("custodia.elevation.ticket-systems." + e.getKey() + ".webhook-secret"
                        + " must be whsec_ followed by the base64 of at least " + WebhookSignatures.MIN_KEY_BYTES
                        + " random bytes (32 or more in production)");
            }
        }
        employer = employer == null || employer.isBlank() ? "the provider" : employer.strip();
        country = country == null ? "" : country.strip();
        Map<String, String> glass = new java.util.HashMap<>(Map.of("strict", "forbidden", "baseline", "allowed",
                BREAK_GLASS_MAX_DURATION, "PT1H", BREAK_GLASS_REVIEW_WITHIN, "PT24H"));
        if (breakGlass != null) {
            breakGlass.forEach((k, v) -> glass.put(k, v == null ? "" : v.strip()));
        }
        breakGlass = Map.copyOf(glass);
        for (Map.Entry<String, String> e : breakGlass.entrySet()) {
            if (BREAK_GLASS_MAX_DURATION.equals(e.getKey()) || BREAK_GLASS_REVIEW_WITHIN.equals(e.getKey())) {
                Duration d;
                try {
                    d = Duration.parse(e.getValue());
                } catch (java.time.format.DateTimeParseException ex) {
                    throw new IllegalArgumentException("custodia.elevation.break-glass." + e.getKey()
                            + " must be an ISO-8601 duration", ex);
                }
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("custodia.elevation.break-glass." + e.getKey()
                            + " must be positive");
                }
            } else if (!java.util.Set.of("allowed", "forbidden").contains(e.getValue())) {
                throw new IllegalArgumentException("custodia.elevation.break-glass." + e.getKey()
                        + " must be allowed or forbidden");
            }
        }
    }

    /** True when a tenant of {@code profile} allows emergency break-glass access (an unknown profile: no). */
    boolean breakGlassAllowed(String profile) {
        return profile != null && !BREAK_GLASS_MAX_DURATION.equals(profile)
                && !BREAK_GLASS_REVIEW_WITHIN.equals(profile) && "allowed".equals(breakGlass.get(profile));
    }

    /** The longest break-glass window: {@code break-glass.max-duration}, never above {@code max-duration}. */
    Duration breakGlassMaxDuration() {
        Duration d = Duration.parse(breakGlass.get(BREAK_GLASS_MAX_DURATION));
        return d.compareTo(maxDuration) > 0 ? maxDuration : d;
    }

    /** How long after activation a break-glass grant's post-hoc review is due. */
    Duration breakGlassReviewWithin() {
        return Duration.parse(breakGlass.get(BREAK_GLASS_REVIEW_WITHIN));
    }

    /**
     * When a tenant of {@code profile} without an access policy of its own must approve too: {@code always},
     * {@code write} or {@code never} (an unknown profile: always).
     */
    String customerApprovalFor(String profile) {
        return customerApproval.getOrDefault(profile, "always");
    }

    /**
     * One ticket system.
     *
     * @param pattern the pattern its references must match in full (default {@value #DEFAULT_TICKET_PATTERN})
     * @param webhookSecret the secret its webhook signs with ({@code whsec_<base64>}), or null: no webhook
     */
    record TicketSystem(String pattern, String webhookSecret) {

        TicketSystem {
            pattern = pattern == null || pattern.isBlank() ? DEFAULT_TICKET_PATTERN : pattern;
            webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret.strip();
        }

        /** The webhook's raw key, or an empty array when there is none or it is not {@code whsec_<base64>}. */
        byte[] webhookKey() {
            try {
                return webhookSecret == null ? new byte[0]
                        : eu.custodia.server.platform.StandardWebhooks.key(webhookSecret);
            } catch (IllegalArgumentException e) {
                return new byte[0];
            }
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "TicketSystem[pattern=" + pattern + ", webhookSecret=" + (webhookSecret == null ? "none" : "(set)")
                    + "]";
        }
    }
}
