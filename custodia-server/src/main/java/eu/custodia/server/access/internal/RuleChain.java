package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules in order, first answer wins: tenant scope, the just-in-time access grants (the one exception to
 * what follows), no standing staff access to tenant data, key
 * scope, multi-factor policy, self-service, the role-permission table, then default deny.
 * Pure: evaluating records nothing (the decision point does), so it can also explain hypothetical
 * requests.
 */
final class RuleChain {

    private final List<AccessRule> rules;

    RuleChain(List<AccessRule> rules) {
        if (rules.isEmpty() || !(rules.get(rules.size() - 1) instanceof DefaultDenyRule)) {
            throw new IllegalArgumentException("the last rule must be default-deny");
        }
        this.rules = List.copyOf(rules);
    }

    static RuleChain standard(MfaRule mfa, RolePermissionRule.CustomRolePermissions custom) {
        return new RuleChain(List.of(new TenantScopeRule(), new NoStandingStaffAccessRule(), new KeyScopeRule(), mfa,
                new SelfServiceRule(),
                new RolePermissionRule(custom), new DefaultDenyRule()));
    }

    /** The standard chain with the access grants' rule before {@link NoStandingStaffAccessRule}. */
    static RuleChain standard(MfaRule mfa, RolePermissionRule.CustomRolePermissions custom, ElevationGrantRule grants) {
        return new RuleChain(List.of(new TenantScopeRule(), grants, new NoStandingStaffAccessRule(),
                new KeyScopeRule(), mfa,
                new SelfServiceRule(),
                new RolePermissionRule(custom), new DefaultDenyRule()));
    }

    /** The decision and each rule's verdict up to it ({@code abstained}, {@code allowed}, {@code denied}). */
    record Evaluation(Decision decision, List<Step> steps) {
    }

    /** What one rule said. */
    record Step(String rule, String verdict) {
    }

    Evaluation evaluate(AccessRequest request) {
        List<Step> steps = new ArrayList<>();
        for (AccessRule rule : rules) {
            Optional<Decision> decision = rule.evaluate(request);
            if (decision.isPresent()) {
                steps.add(new Step(rule.name(), decision.get().allowed() ? "allowed" : "denied"));
                return new Evaluation(decision.get(), List.copyOf(steps));
            }
            steps.add(new Step(rule.name(), "abstained"));
        }
        throw new IllegalStateException("default-deny did not decide");
    }
}
