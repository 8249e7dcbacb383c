package eu.custodia.server.access.internal;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.SignIns;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/access/explain?caller=<key id or account id>&permission=<code>&tenant=<id>}: how the
 * decision point would decide for that key, or for that account signed in with all its factors, which rule
 * decides and why, and what each rule said. Needs
 * {@link Permission#ACCESS_EXPLAIN} (platform administrators). Explaining records nothing.
 */
@RestController
final class ExplainController {

    private final ApiKeys keys;
    private final RuleBasedDecisionPoint decisions;
    private final Accounts accounts;
    private final SignIns signIns;
    private final java.time.Clock clock;

    ExplainController(ApiKeys keys, RuleBasedDecisionPoint decisions, Accounts accounts, SignIns signIns,
            java.time.Clock clock) {
        this.keys = keys;
        this.decisions = decisions;
        this.accounts = accounts;
        this.signIns = signIns;
        this.clock = clock;
    }

    /** The explanation ({@code scopes} absent for a key with everything its roles allow). */
    record Explanation(String caller, Set<String> roles, Set<String> scopes, String callerTenant, String permission,
            String tenant, boolean allowed, String rule, String reason, List<RuleChain.Step> steps) {
    }

    @GetMapping("/api/v1/access/explain")
    Explanation explain(@RequestParam("caller") String keyId, @RequestParam("permission") String code,
            @RequestParam(name = "tenant", required = false) String tenantText) {
        decisions.require(CurrentCaller.get(), Permission.ACCESS_EXPLAIN, null);
        Permission permission = Permission.ofCode(code);
        if (permission == null) {
            throw invalid("permission", "Use one of " + Arrays.stream(Permission.values()).map(Permission::code).toList()
                    + ".");
        }
        TenantId tenant = null;
        if (tenantText != null && !tenantText.isEmpty()) {
            tenant = TenantId.parseOrNull(tenantText);
            if (tenant == null) {
                throw invalid("tenant", "A tenant id is t- followed by 26 base32 characters.");
            }
        }
        if (keyId.startsWith("acc-")) {
            return explainAccount(keyId, permission, tenant);
        }
        ApiKey key = keys.find(keyId).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "No API key has this id."));
        String callerTenant = key.tenant() == null ? null : key.tenant().value();
        String tenantValue = tenant == null ? null : tenant.value();
        if (key.revoked()) {
            return new Explanation(key.id(), key.roles(), key.scopes(), callerTenant, code, tenantValue, false,
                    "revoked-key",
                    "the key was revoked at " + key.revokedAt() + " and no longer authenticates", List.of());
        }
        RuleChain.Evaluation evaluation = decisions.explain(key.caller(), permission, tenant);
        return new Explanation(key.id(), key.roles(), key.scopes(), callerTenant, code, tenantValue,
                evaluation.decision().allowed(), evaluation.decision().rule(), evaluation.decision().reason(),
                evaluation.steps());
    }

    /**
     * A person (or service account) as a session of theirs would be decided: signed in now, with every second
     * factor they have enrolled verified now (the most they can do; a session without a recent factor gets less).
     */
    private Explanation explainAccount(String accountId, Permission permission, TenantId tenant) {
        Account account = accounts.find(accountId).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "No account has this id."));
        String callerTenant = account.tenant() == null ? null : account.tenant().value();
        String tenantValue = tenant == null ? null : tenant.value();
        Set<String> roles = new java.util.TreeSet<>(account.roles().stream().map(Account.RoleAssignment::role).toList());
        java.time.Instant now = clock.instant();
        List<VerifiedFactor> factors = new java.util.ArrayList<>();
        factors.add(new VerifiedFactor(VerifiedFactor.PASSWORD, now));
        account.secondFactors().forEach(kind -> factors.add(new VerifiedFactor(kind, now)));
        Caller caller = signIns.sessionCaller(account.id(), factors).orElse(null);
        if (caller == null) {
            return new Explanation(account.id(), roles, null, callerTenant, permission.code(), tenantValue, false,
                    "inactive-account", "the account is " + account.state().code() + " and cannot act", List.of());
        }
        RuleChain.Evaluation evaluation = decisions.explain(caller, permission, tenant);
        return new Explanation(account.id(), roles, null, callerTenant, permission.code(), tenantValue,
                evaluation.decision().allowed(), evaluation.decision().rule(), evaluation.decision().reason(),
                evaluation.steps());
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, "Some fields are not valid; see errors.",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
