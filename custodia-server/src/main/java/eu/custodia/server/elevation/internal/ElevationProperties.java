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
 * @param ticketSystems per ticket system, the pattern its references must match in full; default
 *     {@code default=[A-Z][A-Z0-9]+-[0-9]+}
 * @param employer who employs the provider's staff, named in the customer's record of each use
 * @param country the country they work from (ISO 3166 code), named likewise; empty when unstated
 */
@ConfigurationProperties("custodia.elevation")
record ElevationProperties(@DefaultValue("1") int staffApprovals, @DefaultValue("PT4H") Duration defaultDuration,
        @DefaultValue("PT8H") Duration maxDuration, @DefaultValue("PT12H") Duration pendingExpiry,
        Map<String, String> customerApproval, Map<String, String> ticketSystems,
        @DefaultValue("the provider") String employer, @DefaultValue("") String country) {

    /** The ticket system used when a request names none. */
    static final String DEFAULT_TICKET_SYSTEM = "default";

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
                ? Map.of(DEFAULT_TICKET_SYSTEM, "[A-Z][A-Z0-9]+-[0-9]+") : Map.copyOf(ticketSystems);
        for (Map.Entry<String, String> e : ticketSystems.entrySet()) {
            Pattern.compile(e.getValue());
        }
        employer = employer == null || employer.isBlank() ? "the provider" : employer.strip();
        country = country == null ? "" : country.strip();
    }

    /** True when a tenant of {@code profile} must approve {@code access} too (an unknown profile: always). */
    boolean customerApprovalRequired(String profile, String access) {
        String rule = customerApproval.getOrDefault(profile, "always");
        return "always".equals(rule) || "write".equals(rule) && "write".equals(access);
    }
}
