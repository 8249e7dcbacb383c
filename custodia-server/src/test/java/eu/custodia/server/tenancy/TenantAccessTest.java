package eu.custodia.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenancyTestConfiguration.RecordingDecisionPoint.Asked;
import eu.custodia.server.testing.CustodiaTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.node.ObjectNode;

/** Every handler asks the decision point; a caller bound to one tenant cannot see or touch another. */
@CustodiaTest
@AutoConfigureMockMvc
@Import(TenancyTestConfiguration.class)
class TenantAccessTest extends TenancyApi {

    @Test
    void getWhenCallerBoundToAnotherTenantThen403WithoutTheTenantsData() throws Exception {
        String victim = createTenant();
        String own = createTenant();

        MvcResult r = read(tenantAdmin(own), victim);

        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(r.getResponse().getContentAsString()).doesNotContain(LEGAL_NAME, DPO.email());
        MvcResult history = perform(as(tenantAdmin(own), get("/api/v1/tenants/" + victim + "/history")));
        assertThat(history.getResponse().getStatus()).isEqualTo(403);
        assertThat(read(tenantAdmin(own), own).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void getWhenOtherTenantDoesNotExistThenSame403AsWhenItExists() throws Exception {
        String own = createTenant();
        MvcResult missing = read(tenantAdmin(own), "t-aaaaaaaaaaaaaaaaaaaaaaaaaa");
        assertThat(missing.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void updateAndTransitionWhenCallerBoundToAnotherTenantThen403AndNothingChanged() throws Exception {
        String victim = createTenant();
        String own = createTenant();
        String row = storedRow(victim);
        ObjectNode changed = contractJson();
        changed.put("retentionDays", 0);

        assertThat(update(tenantAdmin(own), victim, "\"1\"", changed).getResponse().getStatus()).isEqualTo(403);
        assertThat(transition(tenantAdmin(own), victim, "active", "take over").getResponse().getStatus())
                .isEqualTo(403);

        assertThat(storedRow(victim)).isEqualTo(row);
        assertThat(ledger.events(new TenantId(victim))).hasSize(1);
    }

    @Test
    void createWhenCallerIsTenantBoundThen403AndNothingStored() throws Exception {
        String own = createTenant();
        int before = tenantCount();
        assertThat(create(tenantAdmin(own), contract()).getResponse().getStatus()).isEqualTo(403);
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void listWhenCallerIsTenantBoundThenOnlyItsOwnTenant() throws Exception {
        createTenant();
        String own = createTenant();
        createTenant();
        List<String> seen = new ArrayList<>();
        body(perform(as(tenantAdmin(own), get("/api/v1/tenants?limit=200")))).get("items")
                .forEach(t -> seen.add(t.get("id").asString()));
        assertThat(seen).containsExactly(own);
    }

    @Test
    void anyWhenCallerHasNoRoleThen403() throws Exception {
        String id = createTenant();
        Caller nobody = new Caller("key-nobody", "api-key", Set.of(), null, List.of("api-key"));
        assertThat(read(nobody, id).getResponse().getStatus()).isEqualTo(403);
        assertThat(perform(as(nobody, get("/api/v1/tenants"))).getResponse().getStatus()).isEqualTo(403);
        assertThat(create(nobody, contract()).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void anyWhenPrincipalIsNotAnAuthenticatedCallerThen401Problem() throws Exception {
        String id = createTenant();
        MvcResult r = perform(get("/api/v1/tenants/" + id).with(user("someone")).with(csrf()));
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(r.getResponse().getContentAsString()).contains("urn:custodia:problem:unauthenticated")
                .doesNotContain(LEGAL_NAME);
    }

    @Test
    void handlersWhenCalledThenEachAsksTheDecisionPointForItsPermissionAndTenant() throws Exception {
        String id = createTenant();
        TenantId tenant = new TenantId(id);
        Caller caller = tenantAdmin(id);
        read(caller, id);
        perform(as(caller, get("/api/v1/tenants")));
        perform(as(caller, get("/api/v1/tenants/" + id + "/history")));
        update(caller, id, "\"1\"", contract());
        transition(caller, id, "active", "go live");

        assertThat(decisionPoint.asked()).contains(
                new Asked(ADMIN.id(), Permission.TENANTS_WRITE, null),
                new Asked(caller.id(), Permission.TENANTS_READ, tenant),
                new Asked(caller.id(), Permission.TENANTS_WRITE, tenant));
        assertThat(decisionPoint.asked().stream().filter(a -> a.callerId().equals(caller.id())).toList())
                .containsExactly(new Asked(caller.id(), Permission.TENANTS_READ, tenant),
                        new Asked(caller.id(), Permission.TENANTS_READ, tenant),
                        new Asked(caller.id(), Permission.TENANTS_READ, tenant),
                        new Asked(caller.id(), Permission.TENANTS_WRITE, tenant),
                        new Asked(caller.id(), Permission.TENANTS_WRITE, tenant));
    }
}
