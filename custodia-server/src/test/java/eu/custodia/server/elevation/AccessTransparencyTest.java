package eu.custodia.server.elevation;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.ledger.LedgerEvidence;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.bundle.EvidenceBundleVerifier;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.RequiredSigners;
import eu.custodia.tlog.note.VerifierKey;
import eu.custodia.tlog.proof.TlogProof;
import eu.custodia.tlog.verify.VerifyCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Access transparency, checked the way the customer would: after a walked story (request, both approvals,
 * activation, a use, conclusion; and a denied request) the customer's list holds every staff-access event of
 * its log with its index, each proof verifies against the signed checkpoint with the log's verifier key, the
 * exported bundle passes {@code custodia-verify bundle} and is refused once changed; events not yet
 * integrated are shown as pending; other tenants, their administrators and plain members see nothing. The
 * integrator is paused so the test decides when events are integrated.
 */
@CustodiaTest
@TestPropertySource(properties = {"custodia.ledger.integrate-interval-ms=86400000",
        "custodia.test.context=access-transparency"})
class AccessTransparencyTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

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
    RecordingLedger ledger;
    @Autowired
    LedgerKeys ledgerKeys;
    @Autowired
    LedgerEvidence evidence;

    @TempDir
    Path dir;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TestAdministrators.Admin engineer;
    TestAdministrators.Admin officer;
    TenantId tenant;
    TestAdministrators.Admin customer;
    String record;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        engineer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        tenant = TestTenants.create(tenants, admin.caller(), "Transparent S.r.l.", "strict");
        customer = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        String app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "saas application").token();
        String collection = "/api/v1/tenants/" + tenant + "/collections/tickets";
        mvc.perform(as(put(collection).contentType(MediaType.APPLICATION_JSON).content("{\"fields\": {}}"), app))
                .andExpect(status().isOk());
        mvc.perform(as(put(collection + "/records/t1").contentType(MediaType.APPLICATION_JSON)
                .content("{\"subject\": \"printer on fire\"}"), app)).andExpect(status().isCreated());
        record = collection + "/records/t1";
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private static MockHttpServletRequestBuilder stepUp(MockHttpServletRequestBuilder request,
            TestAdministrators.Admin who) {
        return as(request, who.token()).header("X-Custodia-OTP", who.otp());
    }

    private String ask(TenantId on) throws Exception {
        MvcResult asked = mvc.perform(stepUp(post("/api/v1/access-requests"), engineer)
                .contentType(MediaType.APPLICATION_JSON).content("{\"tenant\": \"" + on + "\", \"ticket\": "
                        + "\"SUP-7\", \"reasonCode\": \"customer-requested-support\", \"reasonText\": \"by phone\","
                        + " \"access\": \"read\", \"collections\": [\"tickets\"], \"duration\": \"PT1H\"}"))
                .andExpect(status().isCreated()).andReturn();
        return JsonPath.read(asked.getResponse().getContentAsString(), "$.id");
    }

    private void answer(String id, TestAdministrators.Admin who, String decision, String state) throws Exception {
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/approval"), who)
                .contentType(MediaType.APPLICATION_JSON).content("{\"decision\": \"" + decision + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value(state));
    }

    /** Asked, approved by both gates, activated, used once, concluded, its end confirmed on every node. */
    private String walkedStory() throws Exception {
        String id = ask(tenant);
        answer(id, officer, "approve", "pending-customer");
        answer(id, customer, "approve", "approved");
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/activation"), engineer))
                .andExpect(jsonPath("$.state").value("active"));
        mvc.perform(as(get(record), engineer.token())).andExpect(status().isOk());
        mvc.perform(as(post("/api/v1/access-requests/" + id + "/conclusion"), engineer.token()))
                .andExpect(jsonPath("$.state").value("concluded"));
        // The grant's end is confirmed once every live node has dropped it (at once on a single node).
        for (int i = 0; i < 200 && recorded(tenant).stream().noneMatch(e -> e.action().equals(
                "elevation.revocation-confirmed")); i++) {
            Thread.sleep(50);
        }
        return id;
    }

    private List<LedgerEvent> recorded(TenantId of) {
        return ledger.events().stream().filter(e -> of.equals(e.tenant()) && e.action().startsWith("elevation."))
                .toList();
    }

    private String transparency(String query, String token) throws Exception {
        return mvc.perform(as(get("/api/v1/tenants/" + tenant + "/access-transparency" + query), token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void listWhenTheStoryIsIntegratedThenEveryEventHasAnIndexAndAProofThatVerifiesAgainstTheCheckpoint()
            throws Exception {
        String id = walkedStory();
        String denied = ask(tenant);
        answer(denied, officer, "deny", "denied");
        evidence.integrate(tenant);

        String body = transparency("", customer.token());
        List<LedgerEvent> story = recorded(tenant);
        List<String> actions = JsonPath.read(body, "$.events[*].action");
        assertThat(actions).containsExactlyElementsOf(story.stream().map(LedgerEvent::action).toList());
        assertThat(actions).containsExactly("elevation.requested", "elevation.staff-approved",
                "elevation.customer-approved", "elevation.activated", "elevation.grant-used", "elevation.concluded",
                "elevation.revocation-confirmed", "elevation.requested", "elevation.denied");
        assertThat(JsonPath.<List<String>>read(body, "$.events[*].status")).containsOnly("integrated");
        assertThat(JsonPath.<Integer>read(body, "$.pending")).isZero();
        assertThat(JsonPath.<List<String>>read(body, "$.events[*].request")).containsExactly(id, id, id, id, id, id,
                id, denied, denied);
        assertThat(JsonPath.<String>read(body, "$.events[4].grant")).isEqualTo(id);
        assertThat(JsonPath.<String>read(body, "$.events[8].actor.id")).isEqualTo(officer.key().key().id());
        assertThat(JsonPath.<String>read(body, "$.verifierKey")).isEqualTo(ledgerKeys.verifierKeyText());

        // The customer's own check: every proof against the signed checkpoint, with the log's verifier key only.
        String origin = JsonPath.read(body, "$.origin");
        NoteVerifiers trusted = NoteVerifiers.of(VerifierKey.parse(ledgerKeys.verifierKeyText()).verifier());
        byte[] checkpoint = JsonPath.<String>read(body, "$.checkpoint").getBytes(StandardCharsets.UTF_8);
        SignedCheckpoint head = SignedCheckpoint.open(checkpoint, origin, trusted);
        assertThat(head.checkpoint().size()).isEqualTo(JsonPath.<Number>read(body, "$.treeSize").longValue());
        List<Number> indexes = JsonPath.read(body, "$.events[*].index");
        assertThat(indexes).doesNotContainNull().doesNotHaveDuplicates();
        for (int i = 0; i < actions.size(); i++) {
            byte[] entry = Base64.getDecoder().decode(JsonPath.<String>read(body, "$.events[" + i + "].entry"));
            assertThat(new String(entry, StandardCharsets.UTF_8)).contains("\"action\":\"" + actions.get(i) + "\"");
            TlogProof proof = TlogProof.parse(JsonPath.<String>read(body, "$.events[" + i + "].proof")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(proof.index()).isEqualTo(indexes.get(i).longValue());
            assertThat(proof.checkpoint()).isEqualTo(checkpoint);
            proof.verify(Rfc9162.leafHash(entry), origin, trusted);
            ProofVerifier.verifyInclusion(Rfc9162.leafHash(entry), proof.index(), head.checkpoint().size(),
                    proof.hashes(), head.checkpoint().rootHash());
            byte[] changed = entry.clone();
            changed[changed.length - 2] ^= 1;
            assertThatThrownBy(() -> proof.verify(Rfc9162.leafHash(changed), origin, trusted))
                    .isInstanceOf(VerificationException.class);
        }

        // Narrowed to one request (its use included) and to a period.
        String one = transparency("?request=" + denied, customer.token());
        assertThat(JsonPath.<List<String>>read(one, "$.events[*].action")).containsExactly("elevation.requested",
                "elevation.denied");
        String used = transparency("?request=" + id, customer.token());
        assertThat(JsonPath.<List<String>>read(used, "$.events[*].action")).hasSize(7).contains("elevation.grant-used");
        String use = JsonPath.read(body, "$.events[4].time");
        String from = transparency("?from=" + use, customer.token());
        // Steps a millisecond apart share a time stamp, so the expectation is computed from the listed times.
        List<String> times = JsonPath.read(body, "$.events[*].time");
        List<String> fromUse = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            if (!Instant.parse(times.get(i)).isBefore(Instant.parse(use))) {
                fromUse.add(actions.get(i));
            }
        }
        assertThat(fromUse).contains("elevation.grant-used", "elevation.denied");
        assertThat(JsonPath.<List<String>>read(from, "$.events[*].action")).containsExactlyElementsOf(fromUse);
        assertThat(JsonPath.<List<Object>>read(transparency("?to=2000-01-01T00:00:00Z", customer.token()),
                "$.events")).isEmpty();
    }

    @Test
    void listWhenEventsAreNotIntegratedYetThenTheyArePendingWithoutIndexOrProofAndGetThemOnceIntegrated()
            throws Exception {
        evidence.integrate(tenant);
        String id = ask(tenant);
        String body = transparency("", customer.token());
        assertThat(JsonPath.<List<String>>read(body, "$.events[*].action")).containsExactly("elevation.requested");
        assertThat(JsonPath.<String>read(body, "$.events[0].status")).isEqualTo("pending");
        assertThat(JsonPath.<Object>read(body, "$.events[0].index")).isNull();
        assertThat(JsonPath.<Object>read(body, "$.events[0].proof")).isNull();
        assertThat(JsonPath.<String>read(body, "$.events[0].request")).isEqualTo(id);
        assertThat(JsonPath.<Integer>read(body, "$.pending")).isEqualTo(1);

        evidence.integrate(tenant);
        String later = transparency("", customer.token());
        assertThat(JsonPath.<String>read(later, "$.events[0].status")).isEqualTo("integrated");
        assertThat(JsonPath.<Object>read(later, "$.events[0].index")).isNotNull();
        assertThat(JsonPath.<Object>read(later, "$.events[0].proof")).isNotNull();
        assertThat(JsonPath.<Integer>read(later, "$.pending")).isZero();
    }

    @Test
    void bundleWhenExportedThenCustodiaVerifyAcceptsItAndRefusesItOnceChanged() throws Exception {
        String id = walkedStory();
        // Not integrated yet: the export integrates the tenant's log first, so every event is in the bundle.
        MvcResult result = mvc.perform(as(get("/api/v1/tenants/" + tenant + "/access-transparency/bundle"),
                        customer.token()))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "application/zip"))
                .andExpect(header().string("Content-Disposition",
                        org.hamcrest.Matchers.startsWith("attachment; filename=\"access-transparency-" + tenant)))
                .andExpect(header().string("Custodia-Pending-Events", "0")).andReturn();
        byte[] zip = result.getResponse().getContentAsByteArray();
        Path file = Files.write(dir.resolve("bundle.zip"), zip);
        RequiredSigners signers = new RequiredSigners(List.of(VerifierKey.parse(ledgerKeys.verifierKeyText())
                .verifier()));
        EvidenceBundleVerifier.Result verified = EvidenceBundleVerifier.verify(file, signers);
        assertThat(verified.entries()).isEqualTo(7);
        assertThat(verified.checkpoint().origin()).endsWith("/tenants/" + tenant);
        Map<String, byte[]> members = unzip(zip);
        assertThat(members.keySet().stream().filter(n -> n.startsWith("entries/"))).hasSize(7);
        assertThat(members.values().stream().map(v -> new String(v, StandardCharsets.UTF_8))
                .filter(v -> v.contains("\"action\":\"elevation.grant-used\"") && v.contains(id))).hasSize(1);

        assertThat(verify(List.of("bundle", file.toString(), "--key", ledgerKeys.verifierKeyText())))
                .startsWith("0:").contains("Evidence bundle verified: 7 entries are in the log.");

        // One byte of one entry changed, the ZIP rebuilt: the manifest no longer matches.
        String first = members.keySet().stream().filter(n -> n.startsWith("entries/")).findFirst().orElseThrow();
        members.get(first)[10] ^= 1;
        Path changed = Files.write(dir.resolve("changed.zip"), zip(members));
        assertThatThrownBy(() -> EvidenceBundleVerifier.verify(changed, signers))
                .isInstanceOf(VerificationException.class);
        assertThat(verify(List.of("bundle", changed.toString(), "--key", ledgerKeys.verifierKeyText())))
                .startsWith("1:");
        // One byte of the file flipped: refused too, whatever part of the file it hit.
        byte[] flipped = zip.clone();
        flipped[flipped.length / 2] ^= 0x20;
        Path broken = Files.write(dir.resolve("flipped.zip"), flipped);
        assertThatThrownBy(() -> EvidenceBundleVerifier.verify(broken, signers)).isInstanceOfAny(
                VerificationException.class, java.io.IOException.class);
        // A bundle narrowed to one request.
        byte[] narrowed = mvc.perform(as(get("/api/v1/tenants/" + tenant + "/access-transparency/bundle?request="
                + id + "&to=2999-01-01T00:00:00Z"), customer.token())).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsByteArray();
        assertThat(EvidenceBundleVerifier.verify(Files.write(dir.resolve("narrow.zip"), narrowed), signers).entries())
                .isEqualTo(7);
    }

    @Test
    void listWhenAnotherTenantsAdminOrAMemberAsksThenRefusedAndAnotherTenantsEventsNeverAppear() throws Exception {
        TenantId other = TestTenants.create(tenants, admin.caller(), "Other S.r.l.", "baseline");
        TestAdministrators.Admin otherAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, other);
        String mine = ask(tenant);
        String theirs = ask(other);
        evidence.integrate(tenant);
        evidence.integrate(other);

        String path = "/api/v1/tenants/" + tenant + "/access-transparency";
        mvc.perform(as(get(path), otherAdmin.token())).andExpect(problem("forbidden", 403));
        mvc.perform(as(get(path + "/bundle"), otherAdmin.token())).andExpect(problem("forbidden", 403));
        String member = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "member").token();
        mvc.perform(as(get(path), member)).andExpect(problem("forbidden", 403));
        mvc.perform(as(get(path + "/bundle"), member)).andExpect(problem("forbidden", 403));
        mvc.perform(get(path)).andExpect(status().isUnauthorized());
        // The tenant's auditor and a security officer may read it.
        String auditor = keys.create(SYSTEM, Set.of(Roles.TENANT_AUDITOR), tenant, "auditor").token();
        mvc.perform(as(get(path), auditor)).andExpect(status().isOk());
        mvc.perform(as(get(path), officer.token())).andExpect(status().isOk());

        String body = transparency("", customer.token());
        assertThat(JsonPath.<List<String>>read(body, "$.events[*].request")).containsOnly(mine);
        assertThat(body).doesNotContain(theirs).doesNotContain(other.value());
        assertThat(JsonPath.<List<String>>read(transparency("?request=" + theirs, customer.token()), "$.events"))
                .isEmpty();
        String otherBody = mvc.perform(as(get("/api/v1/tenants/" + other + "/access-transparency"),
                otherAdmin.token())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(otherBody, "$.events[*].request")).containsOnly(theirs);
        assertThat(otherBody).doesNotContain(mine);
    }

    @Test
    void listWhenTheQueryIsMalformedThenBilingualValidationProblemNeverA500() throws Exception {
        String path = "/api/v1/tenants/" + tenant + "/access-transparency";
        for (String query : List.of("?from=yesterday", "?to=2026-13-01T00:00:00Z", "?from=2026-11-01",
                "?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "?request=not-a-request",
                "?request=elv-UPPERCASEUPPERCASEUPPERCAS")) {
            for (String endpoint : List.of(path, path + "/bundle")) {
                mvc.perform(as(get(endpoint + query), customer.token())).andExpect(problem("validation", 400))
                        .andExpect(jsonPath("$.messageIt").isNotEmpty()).andExpect(jsonPath("$.field").isNotEmpty());
            }
        }
        mvc.perform(as(get("/api/v1/tenants/t-nope/access-transparency"), customer.token()))
                .andExpect(problem("validation", 400));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> members) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                out.putNextEntry(new ZipEntry(m.getKey()));
                out.write(m.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String verify(List<String> args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int status = new VerifyCommand(Map.of("CUSTODIA_LANG", "en"), out, out).run(args);
        return status + ":" + sink.toString(StandardCharsets.UTF_8);
    }
}
