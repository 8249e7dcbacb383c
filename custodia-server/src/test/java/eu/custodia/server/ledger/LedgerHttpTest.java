package eu.custodia.server.ledger;

import eu.custodia.server.platform.Ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.ledger.internal.CurrentCallerSource;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.proof.TlogProof;
import eu.custodia.tlog.tiles.EntryBundle;
import eu.custodia.tlog.tiles.TileId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tlog-tiles HTTP API behind the decision point. The caller and the decision point are test doubles:
 * tenant credentials may read their own tenant's log, a test role ({@code test-every-log}) may read every log.
 */
@CustodiaTest
@Import(LedgerHttpTest.Doubles.class)
class LedgerHttpTest {

    static final AtomicReference<Caller> CALLER = new AtomicReference<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TenantId TENANT_A = TenantId.random();
    private static final TenantId TENANT_B = TenantId.random();
    private static final int ENTRIES = 300;

    @TestConfiguration
    static class Doubles {

        @Bean
        @Primary
        CurrentCallerSource testCallers() {
            return () -> Optional.ofNullable(CALLER.get());
        }

        @Bean
        @Primary
        DecisionPoint testDecisionPoint() {
            return new DecisionPoint() {
                @Override
                public Decision decide(Caller caller, Permission permission, TenantId tenant) {
                    if (permission == Permission.LEDGER_READ && caller.hasRole("test-every-log")) {
                        return Decision.allow("test-auditor", "this test double lets one role read every log");
                    }
                    if (permission == Permission.LEDGER_READ && tenant != null && tenant.equals(caller.tenant())) {
                        return Decision.allow("test-tenant", "own tenant");
                    }
                    return Decision.deny("default-deny", "no rule allows it");
                }

                @Override
                public void require(Caller caller, Permission permission, TenantId tenant) {
                    if (!decide(caller, permission, tenant).allowed()) {
                        throw new ProblemException(ProblemType.FORBIDDEN, "denied");
                    }
                }
            };
        }
    }

    @Autowired
    WebApplicationContext web;
    @Autowired
    Ledger ledger;
    @Autowired
    LedgerKeys keys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    CustodiaProperties properties;

    MockMvc mvc;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(web).build();
        if (LedgerTestSupport.size(jdbc, TENANT_A.value()) < ENTRIES) {
            tx.executeWithoutResult(s -> {
                for (int i = 0; i < ENTRIES; i++) {
                    ledger.record(LedgerTestSupport.event(TENANT_A, "req-" + i));
                }
                ledger.record(LedgerTestSupport.event(TENANT_B, "req-b"));
                ledger.record(LedgerTestSupport.event(null, "req-p"));
            });
            LedgerTestSupport.awaitSize(jdbc, TENANT_A.value(), ENTRIES, Duration.ofSeconds(10));
            LedgerTestSupport.awaitSize(jdbc, TENANT_B.value(), 1, Duration.ofSeconds(10));
            LedgerTestSupport.awaitSize(jdbc, "platform", 1, Duration.ofSeconds(10));
        }
        CALLER.set(tenantCaller(TENANT_A));
    }

    static Caller tenantCaller(TenantId tenant) {
        return new Caller("key-" + tenant.value().substring(2, 8), "api-key", Set.of("tenant-ledger-reader"), tenant,
                List.of("api-key"));
    }

    private MockHttpServletResponse fetch(String path) throws Exception {
        return mvc.perform(get(path)).andReturn().getResponse();
    }

    @Test
    void checkpointWhenTenantReadsOwnLogThenSignedNoteNeverCached() throws Exception {
        MockHttpServletResponse r = fetch("/logs/" + TENANT_A.value() + "/checkpoint");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        SignedCheckpoint cp = SignedCheckpoint.open(r.getContentAsByteArray(),
                properties.origin() + "/tenants/" + TENANT_A.value(), NoteVerifiers.of(keys.verifierKey().verifier()));
        assertThat(cp.checkpoint().size()).isEqualTo(ENTRIES);
    }

    @Test
    void readWhenAnotherTenantsLogThenSame404AsAMissingLog() throws Exception {
        MockHttpServletResponse other = fetch("/logs/" + TENANT_B.value() + "/checkpoint");
        MockHttpServletResponse missing = fetch("/logs/" + TenantId.random().value() + "/checkpoint");
        MockHttpServletResponse platform = fetch("/logs/platform/checkpoint");
        MockHttpServletResponse otherTile = fetch("/logs/" + TENANT_B.value() + "/tile/0/000.p/1");
        MockHttpServletResponse otherProof = fetch("/logs/" + TENANT_B.value() + "/proofs/0");
        for (MockHttpServletResponse r : List.of(other, missing, platform, otherTile, otherProof)) {
            assertThat(r.getStatus()).isEqualTo(404);
            JsonNode p = JSON.readTree(r.getContentAsString());
            assertThat(p.get("type").asString()).isEqualTo("urn:custodia:problem:not-found");
            assertThat(p.get("detail").asString()).isEqualTo("No such log, or not readable by this caller.");
            assertThat(r.getContentAsString()).doesNotContain("\"size\"").doesNotContain(TENANT_B.value() + "\n");
        }
    }

    @Test
    void readWhenUnauthenticatedThen401ForEveryLog() throws Exception {
        CALLER.set(null);
        assertThat(fetch("/logs/" + TENANT_A.value() + "/checkpoint").getStatus()).isEqualTo(401);
        assertThat(fetch("/logs").getStatus()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tile/0/1", "tile/0/0001", "tile/0/x000/001", "tile/0/000.p/0", "tile/0/000.p/256",
        "tile/0/000.p/01", "tile/64/000", "tile/01/000", "tile/entries/x001", "tile/entries", "tile/0/000/",
        "tile/-1/000", "tile/0/abc", "tile/0/x1000/000"})
    void tileWhenMalformedPathThen400Problem(String path) throws Exception {
        MockHttpServletResponse r = fetch("/logs/" + TENANT_A.value() + "/" + path);
        assertThat(r.getStatus()).as(path).isEqualTo(400);
        assertThat(JSON.readTree(r.getContentAsString()).get("type").asString())
                .isEqualTo("urn:custodia:problem:ledger-bad-tile-path");
    }

    @Test
    void tileWhenFullThenImmutableAndWhenPartialThenShortLivedBothPrivate() throws Exception {
        MockHttpServletResponse full = fetch("/logs/" + TENANT_A.value() + "/tile/0/000");
        assertThat(full.getStatus()).isEqualTo(200);
        assertThat(full.getContentType()).isEqualTo("application/octet-stream");
        assertThat(full.getContentAsByteArray()).hasSize(256 * 32);
        assertThat(full.getHeader("Cache-Control")).isEqualTo("max-age=31536000, private, immutable");

        MockHttpServletResponse partial = fetch("/logs/" + TENANT_A.value() + "/tile/0/001.p/44");
        assertThat(partial.getStatus()).isEqualTo(200);
        assertThat(partial.getContentAsByteArray()).hasSize(44 * 32);
        assertThat(partial.getHeader("Cache-Control")).isEqualTo("max-age=60, private");

        MockHttpServletResponse bundle = fetch("/logs/" + TENANT_A.value() + "/tile/entries/000");
        assertThat(EntryBundle.decode(bundle.getContentAsByteArray(), 256)).hasSize(256);
        assertThat(fetch("/logs/" + TENANT_A.value() + "/tile/entries/001.p/44").getStatus()).isEqualTo(200);
        assertThat(fetch("/logs/" + TENANT_A.value() + "/tile/1/000.p/1").getStatus()).isEqualTo(200);
        assertThat(fetch("/logs/" + TENANT_A.value() + "/tile/0/002").getStatus()).isEqualTo(404);
    }

    @Test
    void proofWhenJsonThenVerifiesTheEntryAgainstTheSignedCheckpoint() throws Exception {
        long index = 257;
        MockHttpServletResponse r = fetch("/logs/" + TENANT_A.value() + "/proofs/" + index);
        assertThat(r.getStatus()).isEqualTo(200);
        JsonNode p = JSON.readTree(r.getContentAsString());
        assertThat(p.get("index").asLong()).isEqualTo(index);
        assertThat(p.get("treeSize").asLong()).isEqualTo(ENTRIES);
        SignedCheckpoint cp = SignedCheckpoint.open(p.get("checkpoint").asString().getBytes(StandardCharsets.UTF_8),
                properties.origin() + "/tenants/" + TENANT_A.value(), NoteVerifiers.of(keys.verifierKey().verifier()));
        List<byte[]> hashes = new java.util.ArrayList<>();
        p.get("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asString())));
        byte[] entry = entry(index);
        ProofVerifier.verifyInclusion(Rfc9162.leafHash(entry), index, cp.checkpoint().size(), hashes,
                cp.checkpoint().rootHash());
        byte[] forged = entry.clone();
        forged[forged.length - 2] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProofVerifier.verifyInclusion(Rfc9162.leafHash(forged),
                index, cp.checkpoint().size(), hashes, cp.checkpoint().rootHash()))
                .isInstanceOf(eu.custodia.tlog.VerificationException.class);
    }

    @Test
    void proofWhenTlogProofFileThenC2spFormatThatVerifies() throws Exception {
        MockHttpServletResponse r = fetch("/logs/" + TENANT_A.value() + "/proofs/3.tlog-proof");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        TlogProof proof = TlogProof.parse(r.getContentAsByteArray());
        assertThat(proof.index()).isEqualTo(3);
        proof.verify(Rfc9162.leafHash(entry(3)), properties.origin() + "/tenants/" + TENANT_A.value(),
                NoteVerifiers.of(keys.verifierKey().verifier()));
    }

    @Test
    void proofWhenIndexBeyondTheLogThen404AndWhenNotCanonicalThen400() throws Exception {
        assertThat(fetch("/logs/" + TENANT_A.value() + "/proofs/" + ENTRIES).getStatus()).isEqualTo(404);
        for (String bad : List.of("01", "-1", "1e3", "99999999999999999999", "x.tlog-proof")) {
            assertThat(fetch("/logs/" + TENANT_A.value() + "/proofs/" + bad).getStatus()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void logsWhenListedThenOnlyTheLogsTheCallerMayRead() throws Exception {
        JsonNode own = JSON.readTree(fetch("/logs").getContentAsString());
        assertThat(own).hasSize(1);
        assertThat(own.get(0).get("logId").asString()).isEqualTo(TENANT_A.value());
        assertThat(own.get(0).get("origin").asString()).isEqualTo(properties.origin() + "/tenants/" + TENANT_A.value());
        assertThat(own.get(0).get("verifierKey").asString()).isEqualTo(keys.verifierKeyText());
        assertThat(own.get(0).get("size").asLong()).isEqualTo(ENTRIES);
        assertThat(own.get(0).get("url").asString()).endsWith("/logs/" + TENANT_A.value() + "/");

        CALLER.set(new Caller("key-auditor", "api-key", Set.of("test-every-log"), null, List.of("api-key")));
        JsonNode all = JSON.readTree(fetch("/logs").getContentAsString());
        List<String> ids = new java.util.ArrayList<>();
        all.forEach(n -> ids.add(n.get("logId").asString()));
        assertThat(ids).contains(TENANT_A.value(), TENANT_B.value(), "platform");
        assertThat(fetch("/logs/platform/checkpoint").getStatus()).isEqualTo(200);
    }

    private byte[] entry(long index) throws Exception {
        long bundle = index / 256;
        int width = (int) Math.min(256, ENTRIES - bundle * 256);
        byte[] data = Objects.requireNonNull(fetch("/logs/" + TENANT_A.value() + "/"
                + TileId.entryBundle(bundle, width).path()).getContentAsByteArray());
        return EntryBundle.decode(data, width).get((int) (index % 256));
    }

}
