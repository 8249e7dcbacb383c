package eu.custodia.bench.access;

import eu.custodia.server.platform.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * The same model in jCasbin: RBAC with domains, in memory (model from text, policies added
 * programmatically; no files, no adapter). Domains are the tenant ids and {@value AccessModel#PLATFORM}.
 */
final class CasbinBaseline {

    static final String MODEL = """
            [request_definition]
            r = sub, dom, obj, act

            [policy_definition]
            p = sub, dom, obj, act

            [role_definition]
            g = _, _, _

            [policy_effect]
            e = some(where (p.eft == allow))

            [matchers]
            m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act
            """;

    final Enforcer enforcer;
    final int policies;
    final int groupings;

    private CasbinBaseline(Enforcer enforcer, int policies, int groupings) {
        this.enforcer = enforcer;
        this.policies = policies;
        this.groupings = groupings;
    }

    /**
     * Policies {@code p, role, domain, object, action}: each tenant role's grants ({@code own}) in every
     * tenant's domain, each staff role's grants ({@code platform} and {@code any}) in the platform domain;
     * grouping policies {@code g, user, role, domain}: each tenant user in its tenant, each staff user on the
     * platform.
     */
    static CasbinBaseline of(AccessModel model) {
        Enforcer enforcer = new Enforcer(Model.newModelFromString(MODEL));
        List<List<String>> p = new ArrayList<>();
        for (AccessModel.Grant g : AccessModel.TABLE) {
            String[] code = g.permission().code().split(":", 2);
            if (g.scope() == AccessModel.Scope.OWN) {
                for (TenantId t : model.tenants) {
                    p.add(List.of(g.role(), t.value(), code[0], code[1]));
                }
            } else {
                p.add(List.of(g.role(), AccessModel.PLATFORM, code[0], code[1]));
            }
        }
        List<List<String>> groups = new ArrayList<>();
        for (AccessModel.User u : model.users) {
            groups.add(List.of(u.caller().id(), u.role(), u.tenant().value()));
        }
        for (AccessModel.User u : model.staff) {
            groups.add(List.of(u.caller().id(), u.role(), AccessModel.PLATFORM));
        }
        if (!enforcer.addPolicies(p) || !enforcer.addGroupingPolicies(groups)) {
            throw new IllegalStateException("jCasbin refused the policies");
        }
        return new CasbinBaseline(enforcer, enforcer.getPolicy().size(), enforcer.getGroupingPolicy().size());
    }

    boolean enforce(String[] request) {
        return enforcer.enforce(request[0], request[1], request[2], request[3]);
    }
}
