package eu.custodia.server.platform;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One ledger entry, before it is encoded (a version byte plus RFC 8785 canonical JSON of exactly these
 * fields). Identifiers and metadata only: never personal data or tenant content (DESIGN.md §3.5).
 *
 * @param time when it happened (from the injected clock)
 * @param tenant the tenant whose log receives it, or {@code null} for the platform log
 * @param actor who did it
 * @param action what was done, dotted and past tense, e.g. {@code tenant.created}
 * @param target what it was done to, e.g. {@code tenant/t-…} (an identifier, never a name)
 * @param outcome {@code success} or {@code denied} or {@code failure}
 * @param reason the stated reason or rule, free of personal data; may be null
 * @param requestId the request that caused it; may be null for background work
 */
public record LedgerEvent(Instant time, TenantId tenant, Actor actor, String action, String target,
        String outcome, String reason, String requestId) {

    public LedgerEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Who acted: an opaque id (API key id, user id, {@code system}), its kind, roles, how it authenticated,
     * and the access grant it used (null when none).
     */
    public record Actor(String id, String kind, List<String> roles, List<String> authMethods, String grantId) {

        public static final Actor SYSTEM = new Actor("system", "system", List.of(), List.of(), null);

        public Actor {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            roles = List.copyOf(roles);
            authMethods = List.copyOf(authMethods);
        }
    }
}
