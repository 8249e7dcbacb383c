package eu.custodia.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.node.ObjectNode;

/** Each change writes its ledger event in the same transaction; the events carry no personal data. */
@CustodiaTest
@AutoConfigureMockMvc
@Import(TenancyTestConfiguration.class)
class TenantLedgerTest extends TenancyApi {

    @Test
    void everyChangeWhenLedgeredThenEventsCarryIdsAndFieldNamesButNoPersonalData() throws Exception {
        String id = createTenant();
        ObjectNode changed = contractJson();
        ((ObjectNode) changed.get("contacts").get("security")).put("name", "Luca Neri");
        ((ObjectNode) changed.get("contacts").get("security")).put("email", "luca.neri@valverde.example");
        changed.put("legalName", "Valverde Riscossioni S.r.l.");
        assertThat(update(ADMIN, id, "\"1\"", changed).getResponse().getStatus()).isEqualTo(200);
        moveTo(id, "active", "suspended", "terminated");

        List<LedgerEvent> events = ledger.events(new TenantId(id));
        assertThat(events).extracting(LedgerEvent::action).containsExactly("tenant.created",
                "tenant.contract-updated", "tenant.activated", "tenant.suspended", "tenant.access-ended",
                "tenant.terminated", "tenant.access-ended");
        assertThat(events.get(1).reason()).isEqualTo("changed: legalName,contacts.security");
        for (LedgerEvent e : events) {
            String entry = json.writeValueAsString(e);
            assertThat(entry).doesNotContain(personalData()).doesNotContain("Luca Neri", "luca.neri@valverde.example",
                    "Valverde Riscossioni", "valverde", "Valverde");
            assertThat(e.tenant()).isEqualTo(new TenantId(id));
            assertThat(e.target()).isEqualTo("tenant/" + id);
            assertThat(e.outcome()).isEqualTo("success");
            assertThat(e.actor().id()).isEqualTo(ADMIN.id());
        }
    }

    @Test
    void createWhenLedgerWriteFailsThen500AndNoTenantNoHistoryNoIdempotencyKey() throws Exception {
        int before = tenantCount();
        ledger.failWith(new IllegalStateException("ledger store unavailable"));

        MvcResult r = perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "retry-after-failure")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));

        assertThat(r.getResponse().getStatus()).isEqualTo(500);
        assertThat(r.getResponse().getContentAsString()).doesNotContain("ledger store unavailable", LEGAL_NAME);
        assertThat(tenantCount()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from tenant_idempotency_keys where idem_key = 'retry-after-failure'")
                .query(Integer.class).single()).isZero();

        ledger.recover();
        MvcResult retry = perform(as(ADMIN, post("/api/v1/tenants").header("Idempotency-Key", "retry-after-failure")
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(contract()))));
        assertThat(retry.getResponse().getStatus()).isEqualTo(201);
        assertThat(retry.getResponse().getHeader("Idempotent-Replayed")).isNull();
        assertThat(tenantCount()).isEqualTo(before + 1);
    }

    @Test
    void transitionWhenLedgerWriteFailsThenStateAndHistoryUnchanged() throws Exception {
        String id = createTenant();
        String row = storedRow(id);
        ledger.failWith(new IllegalStateException("ledger store unavailable"));

        MvcResult r = transition(ADMIN, id, "active", "go live");

        assertThat(r.getResponse().getStatus()).isEqualTo(500);
        assertThat(storedRow(id)).isEqualTo(row);
        assertThat(historySize(id)).isEqualTo(1);
    }

    @Test
    void updateWhenLedgerWriteFailsThenContractAndVersionUnchanged() throws Exception {
        String id = createTenant();
        String row = storedRow(id);
        ledger.failWith(new IllegalStateException("ledger store unavailable"));
        ObjectNode changed = contractJson();
        changed.put("retentionDays", 1);

        MvcResult r = update(ADMIN, id, "\"1\"", changed);

        assertThat(r.getResponse().getStatus()).isEqualTo(500);
        assertThat(storedRow(id)).isEqualTo(row);
    }
}
