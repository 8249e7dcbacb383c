package eu.custodia.server.access.internal;

import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.util.Map;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The decision point: the standard {@link RuleChain} (tenant scope, access grants, no standing staff access,
 * key scope, multi-factor policy, self-service, role-permission table, default deny);
 * every deny, every allow of a write permission and every use of an access grant is ledgered with the rule
 * that decided.
 */
@Service
final class RuleBasedDecisionPoint implements DecisionPoint {

    private final RuleChain rules;
    private final DecisionRecorder recorder;

    RuleBasedDecisionPoint(DecisionRecorder recorder, Clock clock,
            @Value("${custodia.identity.step-up-window:PT10M}") Duration stepUpWindow, TenantRoleCatalogue tenantRoles,
            ObjectProvider<AccessGrants> grants) {
        this.recorder = recorder;
        GrantsLookup lookup = new GrantsLookup(grants);
        this.rules = RuleChain.standard(new MfaRule(clock, stepUpWindow), tenantRoles::permissions,
                new ElevationGrantRule(lookup::get, clock));
    }

    @Override
    public Decision decide(Caller caller, Permission permission, TenantId tenant) {
        return decide(caller, permission, tenant, null);
    }

    @Override
    public Decision decide(Caller caller, Permission permission, TenantId tenant, String collection) {
        AccessRequest request = new AccessRequest(caller, permission, tenant, collection);
        Decision decision = rules.evaluate(request).decision();
        if (!decision.allowed() || permission.write() || decision.grantId() != null) {
            recorder.record(request, decision);
        }
        return decision;
    }

    @Override
    public void require(Caller caller, Permission permission, TenantId tenant) {
        require(caller, permission, tenant, null);
    }

    @Override
    public Decision require(Caller caller, Permission permission, TenantId tenant, String collection) {
        Decision decision = decide(caller, permission, tenant, collection);
        if (!decision.allowed() && decision.rule().startsWith(MfaRule.NAME)) {
            throw new ProblemException(ProblemType.STEP_UP_REQUIRED, "Denied by rule " + decision.rule() + ": "
                    + decision.reason() + ".", Map.of("rule", decision.rule(), "permission", permission.code()));
        }
        if (!decision.allowed()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Denied by rule " + decision.rule() + ": "
                    + decision.reason() + ".", Map.of("rule", decision.rule(), "permission", permission.code()));
        }
        return decision;
    }

    /** Evaluates without recording anything: for explanations of hypothetical requests. */
    RuleChain.Evaluation explain(Caller caller, Permission permission, TenantId tenant) {
        return rules.evaluate(new AccessRequest(caller, permission, tenant));
    }

    /** The access grants, resolved once on first use (the elevation module's bean, or none). */
    private static final class GrantsLookup {

        private final ObjectProvider<AccessGrants> provider;
        private volatile AccessGrants grants;

        GrantsLookup(ObjectProvider<AccessGrants> provider) {
            this.provider = provider;
        }

        AccessGrants get() {
            AccessGrants g = grants;
            if (g == null) {
                g = provider.getIfAvailable(() -> AccessGrants.NONE);
                grants = g;
            }
            return g;
        }
    }
}
