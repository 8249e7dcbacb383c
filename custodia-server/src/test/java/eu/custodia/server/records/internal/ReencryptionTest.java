package eu.custodia.server.records.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.CollectionSchema;
import eu.custodia.server.records.Precondition;
import eu.custodia.server.records.Records;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.vault.TenantKeysets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

/**
 * Re-encryption after a rotation: every document ends sealed under the new primary key and indexed under the
 * new PRF key, still readable and still found; progress is visible; a job interrupted mid-way resumes from its
 * cursor; a tampered document fails the job (ledgered) and a retry after repair finishes it.
 */
@CustodiaTest
@org.springframework.test.context.TestPropertySource(properties = "custodia.records.reencryption-batch=20")
class ReencryptionTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final int BATCH = 20;
    private static final int COUNT = 2 * BATCH + 5;

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    TenantCommands tenants;
    @Autowired
    TenantKeysets keysets;
    @Autowired
    Records records;
    @Autowired
    Reencryption reencryption;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    TenantRowScope scope;
    @Autowired
    SqlInstants instants;

    MockMvc mvc;
    TestAdministrators.Admin custodian;
    TenantId tenant;
    Caller app;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        custodian = TestAdministrators.createStaff(accounts, keys, clock, Roles.KEY_CUSTODIAN);
        tenant = TestTenants.create(tenants, admin.caller(), "Rotate S.r.l.", "baseline");
        app = keys.authenticate(keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "app").token()).orElseThrow();
        records.defineCollection(app, tenant, "orders", new CollectionSchema(Map.of("code",
                new CollectionSchema.Field(true, false), "buyer", new CollectionSchema.Field(false, true)), "buyer"));
        for (int i = 0; i < COUNT; i++) {
            records.write(app, tenant, "orders", String.format(java.util.Locale.ROOT, "o-%04d", i),
                    ("{\"code\": \"C" + i + "\", \"buyer\": \"B" + (i % 7) + "\"}").getBytes(StandardCharsets.UTF_8),
                    Precondition.NONE);
        }
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, TestAdministrators.Admin who) {
        return request.header("Authorization", "Bearer " + who.token()).header("X-Custodia-OTP", who.otp());
    }

    private <T> T inScope(java.util.function.Supplier<T> work) {
        return tx.execute(s -> {
            scope.enter(tenant);
            return work.get();
        });
    }

    private List<Long> keyIds() {
        return inScope(() -> jdbc.sql("SELECT DISTINCT key_id FROM records WHERE tenant_id = ?").param(tenant.value())
                .query(Long.class).list());
    }

    private Reencryption.Job awaitEnd() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            Reencryption.Job job = reencryption.status(custodian.caller(), tenant);
            if (!job.state().equals("running")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("re-encryption did not end in time");
    }

    @Test
    void reencryptWhenRotatedThenEveryDocumentUnderTheNewKeysStillReadableAndFound() throws Exception {
        List<Long> before = keyIds();
        keysets.rotate(SYSTEM, tenant);
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/records/reencryption"), custodian))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.total").value(COUNT));
        Reencryption.Job job = awaitEnd();

        assertThat(job.state()).isEqualTo("completed");
        assertThat(job.done()).isEqualTo(COUNT);
        assertThat(job.percent()).isEqualTo(100);
        List<Long> after = keyIds();
        assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
        assertThat(new String(records.read(app, tenant, "orders", "o-0012").document(), StandardCharsets.UTF_8))
                .contains("C12");
        assertThat(records.list(app, tenant, "orders", Map.of("code", "C32"), null, 10).records())
                .extracting(r -> r.id()).containsExactly("o-0032");
        // Every index entry is now under the primary PRF key: the primary token alone finds each document.
        byte[] token = RecordSealing.indexToken(keysets.blindIndexPrf(tenant), "orders", "code", "C7");
        long found = inScope(() -> jdbc.sql("SELECT COUNT(*) FROM record_index WHERE tenant_id = ? AND token = ?")
                .params(tenant.value(), token).query(Long.class).single());
        assertThat(found).isEqualTo(1);
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/records/reencryption"), custodian))
                .andExpect(jsonPath("$.state").value("completed")).andExpect(jsonPath("$.done").value(COUNT));
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant())).extracting(e -> e.action())
                .containsSubsequence("vault.keyset-rotated", "vault.reencryption-started", "vault.reencryption-completed");
    }

    @Test
    void reencryptWhenInterruptedMidwayThenResumesFromItsCursor() throws Exception {
        keysets.rotate(SYSTEM, tenant);
        // A job a crashed node left running after its first batch.
        inScope(() -> jdbc.sql("INSERT INTO reencryption_jobs (tenant_id, state, cursor_collection, cursor_record, done,"
                + " total, started_at, updated_at) VALUES (?, 'running', 'orders', 'o-0019', 20, ?, ?, ?)")
                .params(tenant.value(), COUNT, instants.bind(clock.instant()), instants.bind(clock.instant())).update());

        reencryption.resumeInterrupted();
        Reencryption.Job job = awaitEnd();

        assertThat(job.state()).isEqualTo("completed");
        assertThat(job.done()).isEqualTo(COUNT);
        // The first 20 were skipped by the resumed job: still under the old key until the next full run.
        assertThat(keyIds()).hasSize(2);
    }

    @Test
    void reencryptWhenADocumentWasTamperedThenFailsLedgeredAndARetryAfterRepairFinishes() throws Exception {
        keysets.rotate(SYSTEM, tenant);
        byte[] good = inScope(() -> jdbc.sql("SELECT ciphertext FROM records WHERE tenant_id = ? AND record_id = 'o-0030'")
                .param(tenant.value()).query(byte[].class).single());
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        inScope(() -> jdbc.sql("UPDATE records SET ciphertext = ? WHERE tenant_id = ? AND record_id = 'o-0030'")
                .params(bad, tenant.value()).update());

        reencryption.start(custodian.caller(), tenant);
        Reencryption.Job failed = awaitEnd();
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.error()).contains("o-0030");
        assertThat(failed.done()).isEqualTo(BATCH);
        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.action().equals("vault.reencryption-failed")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("failure"));

        inScope(() -> jdbc.sql("UPDATE records SET ciphertext = ? WHERE tenant_id = ? AND record_id = 'o-0030'")
                .params(good, tenant.value()).update());
        reencryption.start(custodian.caller(), tenant);
        Reencryption.Job done = awaitEnd();
        assertThat(done.state()).isEqualTo("completed");
        assertThat(done.done()).isEqualTo(COUNT);
        assertThat(keyIds()).hasSize(1);
    }

    @Test
    void reencryptWhenNotAKeyRoleThenRefused() throws Exception {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        mvc.perform(as(post("/api/v1/tenants/" + tenant + "/records/reencryption"), admin))
                .andExpect(problem("forbidden", 403));
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/records/reencryption"), custodian))
                .andExpect(problem("not-found", 404));
    }
}
