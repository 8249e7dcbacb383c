package eu.custodia.server.access.internal;

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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The decision point: the standard {@link RuleChain} (tenant scope, key scope, multi-factor policy,
 * self-service, role-permission table, default deny);
 * every deny and every allow of a write permission is ledgered with the rule that decided.
 */
@Service
final class RuleBasedDecisionPoint implements DecisionPoint {

    private final RuleChain rules;
    private final DecisionRecorder recorder;

    RuleBasedDecisionPoint(DecisionRecorder recorder, Clock clock,
            @Value("${custodia.identity.step-up-window:PT10M}") Duration stepUpWindow, TenantRoleCatalogue tenantRoles) {
        this.recorder = recorder;
        this.rules = RuleChain.standard(new MfaRule(clock, stepUpWindow), tenantRoles::permissions);
    }

    @Override
    public Decision decide(Caller caller, Permission permission, TenantId tenant) {
        AccessRequest request = new AccessRequest(caller, permission, tenant);
        Decision decision = rules.evaluate(request).decision();
        if (!decision.allowed() || permission.write()) {
            recorder.record(request, decision);
        }
        return decision;
    }

    @Override
    public void require(Caller caller, Permission permission, TenantId tenant) {
        Decision decision = decide(caller, permission, tenant);
        if (!decision.allowed() && decision.rule().startsWith(MfaRule.NAME)) {
            throw new ProblemException(ProblemType.STEP_UP_REQUIRED, "Denied by rule " + decision.rule() + ": "
                    + decision.reason() + ".", Map.of("rule", decision.rule(), "permission", permission.code()));
        }
        if (!decision.allowed()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Denied by rule " + decision.rule() + ": "
                    + decision.reason() + ".", Map.of("rule", decision.rule(), "permission", permission.code()));
        }
    }

    /** Evaluates without recording anything: for explanations of hypothetical requests. */
    RuleChain.Evaluation explain(Caller caller, Permission permission, TenantId tenant) {
        return rules.evaluate(new AccessRequest(caller, permission, tenant));
    }
}
