package eu.custodia.server.elevation.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's own policy for just-in-time staff access, on table {@code tenant_access_policies}: when its
 * administrators must approve too ({@code always}, {@code write} or {@code never}), the longest access window
 * it accepts (at most 24 hours), and whether it allows emergency break-glass access. Without a row of its own
 * a tenant follows its policy profile's defaults ({@code custodia.elevation.customer-approval.<profile>},
 * {@code max-duration}, {@code break-glass.<profile>}). Only an administrator of the tenant changes it, with a
 * fresh second factor ({@code elevation:approve} on the tenant); each change is ledgered in the tenant's log
 * ({@code elevation.policy-changed}). A change applies to requests made after it; a request keeps the gates it
 * was made under.
 */
@Service
final class TenantAccessPolicies {

    /** The longest access window a tenant may accept. */
    static final Duration TENANT_MAX = Duration.ofHours(24);
    static final List<String> CUSTOMER_APPROVAL = List.of("always", "write", "never");
    static final List<String> BREAK_GLASS = List.of("allowed", "forbidden");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;
    private final DecisionPoint decisions;
    private final Tenants tenants;
    private final ElevationProperties properties;

    TenantAccessPolicies(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, Ledger ledger, Clock clock,
            DecisionPoint decisions, Tenants tenants, ElevationProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
        this.decisions = decisions;
        this.tenants = tenants;
        this.properties = properties;
    }

    /**
     * A tenant's policy in force.
     *
     * @param tenant the tenant
     * @param customerApproval {@code always}, {@code write} (only for write access) or {@code never}
     * @param maxDuration the longest access window
     * @param breakGlass {@code allowed} or {@code forbidden}
     * @param source {@code tenant} (set by its administrators) or {@code profile:<name>} (the defaults)
     * @param updatedAt when an administrator last set it, or null
     * @param updatedBy who did, or null
     */
    record AccessPolicy(String tenant, String customerApproval, Duration maxDuration, String breakGlass,
            String source, Instant updatedAt, String updatedBy) {

        boolean customerApprovalRequired(String access) {
            return "always".equals(customerApproval) || "write".equals(customerApproval) && "write".equals(access);
        }

        boolean breakGlassAllowed() {
            return "allowed".equals(breakGlass);
        }
    }

    /** A change: any field left out keeps its value in force. */
    record Change(String customerApproval, String maxDuration, String breakGlass) {
    }

    /** The policy in force for {@code tenant}, without authorization: for the elevation flow itself. */
    AccessPolicy inForce(Tenant tenant) {
        Optional<AccessPolicy> own = jdbc.sql("SELECT customer_approval, max_duration_seconds, break_glass, updated_at,"
                + " updated_by FROM tenant_access_policies WHERE tenant_id = ?").param(tenant.id().value())
                .query((rs, n) -> new AccessPolicy(tenant.id().value(), rs.getString("customer_approval"),
                        Duration.ofSeconds(rs.getLong("max_duration_seconds")), rs.getString("break_glass"), "tenant",
                        instants.read(rs, "updated_at"), rs.getString("updated_by")))
                .optional();
        if (own.isPresent()) {
            return own.get();
        }
        String profile = tenant.contract().policyProfile();
        return new AccessPolicy(tenant.id().value(), properties.customerApprovalFor(profile),
                properties.maxDuration(), properties.breakGlassAllowed(profile) ? "allowed" : "forbidden",
                "profile:" + profile, null, null);
    }

    /** The policy in force, for whoever may read the tenant's access requests. */
    AccessPolicy read(Caller caller, TenantId tenant) {
        decisions.require(caller, Permission.ELEVATION_READ, tenant);
        return inForce(find(tenant));
    }

    /** Sets the tenant's policy: one of its administrators only. */
    AccessPolicy update(Caller caller, TenantId tenant, Change change) {
        decisions.require(caller, Permission.ELEVATION_APPROVE, tenant);
        if (!tenant.equals(caller.tenant()) || !caller.hasRole(Roles.TENANT_ADMIN)) {
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Only an administrator of tenant " + tenant + " sets its"
                    + " access policy.", "Solo un amministratore del tenant " + tenant + " imposta la sua politica di"
                    + " accesso.");
        }
        if (change == null) {
            throw invalid("customerApproval", "A request body is required.", "Serve il corpo della richiesta.");
        }
        AccessPolicy current = inForce(find(tenant));
        String approval = change.customerApproval() == null ? current.customerApproval() : change.customerApproval();
        if (!CUSTOMER_APPROVAL.contains(approval)) {
            throw invalid("customerApproval", "customerApproval must be always, write or never.",
                    "customerApproval deve essere always, write oppure never.");
        }
        String glass = change.breakGlass() == null ? current.breakGlass() : change.breakGlass();
        if (!BREAK_GLASS.contains(glass)) {
            throw invalid("breakGlass", "breakGlass must be allowed or forbidden.",
                    "breakGlass deve essere allowed oppure forbidden.");
        }
        Duration max = current.maxDuration();
        if (change.maxDuration() != null) {
            try {
                max = Duration.parse(change.maxDuration());
            } catch (DateTimeParseException e) {
                throw invalid("maxDuration", "maxDuration is an ISO-8601 duration, e.g. PT8H.",
                        "maxDuration è una durata ISO-8601, per esempio PT8H.");
            }
        }
        if (max.isNegative() || max.isZero() || max.compareTo(TENANT_MAX) > 0 || max.toSeconds() < 60) {
            throw invalid("maxDuration", "maxDuration must be between 1 minute and 24 hours.",
                    "maxDuration deve essere tra 1 minuto e 24 ore.");
        }
        Instant now = clock.instant();
        Duration window = max;
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO tenant_access_policies (tenant_id, customer_approval, max_duration_seconds,"
                    + " break_glass, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE"
                    + " SET customer_approval = excluded.customer_approval, max_duration_seconds ="
                    + " excluded.max_duration_seconds, break_glass = excluded.break_glass, updated_at ="
                    + " excluded.updated_at, updated_by = excluded.updated_by")
                    .params(tenant.value(), approval, window.toSeconds(), glass, instants.bind(now), caller.principal())
                    .update();
            ledger.record(new LedgerEvent(now, tenant, caller.ledgerActor(), "elevation.policy-changed",
                    "tenant/" + tenant.value() + "/access-policy", "success", "customer approval " + approval
                            + ", max duration " + window + ", break-glass " + glass + " (was "
                            + current.customerApproval() + ", " + current.maxDuration() + ", " + current.breakGlass()
                            + ")", RequestIds.current()));
        });
        return inForce(find(tenant));
    }

    private Tenant find(TenantId tenant) {
        return tenants.find(tenant).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND, "No tenant "
                + tenant + ".", "Nessun tenant " + tenant + "."));
    }

    private static eu.custodia.server.platform.ProblemException invalid(String field, String en, String it) {
        return BilingualProblem.field(ProblemType.VALIDATION, field, en, it);
    }
}
