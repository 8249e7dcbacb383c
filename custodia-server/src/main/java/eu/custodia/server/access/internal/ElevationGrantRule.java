package eu.custodia.server.access.internal;

import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Decision;
import eu.custodia.server.identity.Roles;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The only exception to {@link NoStandingStaffAccessRule} (commitment 5): a platform-side caller whose
 * person (the key's owner, or the account itself) holds an active, unexpired just-in-time access grant on
 * the tenant, whose access mode covers the permission (and, when the grant is narrowed to collections, whose
 * collections include the one the call names), is allowed; the decision carries the grant's id and
 * every such allow is ledgered in the tenant's log ({@code elevation.grant-used}). A key narrowed by
 * scopes keeps its narrowing: a permission outside its scopes passes on (and is denied next); a caller that no
 * longer holds {@code support-engineer} (revoked, or suspended when its confidentiality agreement lapsed)
 * gets nothing from its grants. Expiry is
 * checked against the clock at every decision, so a live session loses access the moment the grant ends.
 * Anything else passes to the next rule.
 */
final class ElevationGrantRule implements AccessRule {

    static final String NAME = "elevation-grant";

    private final Supplier<AccessGrants> grants;
    private final Clock clock;

    ElevationGrantRule(Supplier<AccessGrants> grants, Clock clock) {
        this.grants = grants;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        if (request.caller().tenant() != null || request.tenant() == null || !request.permission().tenantData()
                || request.caller().system() || !request.caller().hasRole(Roles.SUPPORT_ENGINEER)) {
            return Optional.empty();
        }
        if (request.caller().scoped() && !request.caller().scopes().contains(request.permission().code())) {
            return Optional.empty();
        }
        return grants.get().find(request.caller().principal(), request.tenant(), request.permission(),
                request.collection(), clock.instant())
                .map(g -> Decision.allowByGrant(NAME, "access grant " + g.id() + " (" + g.access() + ", ticket "
                        + g.ticket() + ", reason " + g.reasonCode() + ", employer " + g.employer() + ", country "
                        + (g.country().isEmpty() ? "unstated" : g.country()) + ", until " + g.expiresAt() + ")", g.id()));
    }
}
