package eu.custodia.server.access.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import eu.custodia.server.access.AccessReviews;
import eu.custodia.server.access.TestAgreements;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.RoleAssignments;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Access reviews, over HTTP and through the jobs: a campaign snapshots every assignment with the right
 * reviewer; reviewers certify and revoke (a revoked role is gone at the next request), never their own
 * assignment; a tenant's administrators see and decide their tenant's items only; past the deadline the job
 * revokes what nobody certified and closes the campaign, resumably and only once; the quarterly job opens one
 * campaign per quarter; every change is ledgered in the right log, by ids, without the reviewer's note.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
// Its own context: these tests move the clock by months.
@TestPropertySource(properties = "custodia.test.context=access-reviews")
class AccessReviewsTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    RoleAssignments assignments;
    @Autowired
    AccessReviews reviews;
    @Autowired
    JdbcAccessReviews jdbcReviews;
    @Autowired
    MutableClock clock;
    @Autowired
    RecordingLedger ledger;

    MockMvc mvc;

    /** Someone with an account and an API key. */
    record Person(String account, String token, Caller caller) {
    }

    // The world each test starts from: a platform administrator, two security officers, a platform service
    // account, a deprovisioned account; tenant t with two administrators and a member; tenant u with one administrator.
    Person admin;
    Person officer;
    Person officer2;
    String service;
    String deprovisioned;
    TenantId t;
    Person tenantAdmin;
    Person tenantAdmin2;
    String member;
    TenantId u;
    Person soleAdmin;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        TestAdministrators.Admin a = TestAdministrators.create(accounts, keys, clock);
        admin = new Person(a.account(), a.token(), a.caller());
        officer = officer();
        officer2 = officer();
        service = accounts.createServiceAccount(SYSTEM, null, "svc-" + SEQUENCE.incrementAndGet(),
                "Nightly export", Set.of(Roles.PLATFORM_AUDITOR)).id();
        deprovisioned = person(Account.STAFF, null);
        TestAgreements.register(accounts, deprovisioned);
        accounts.grantRole(SYSTEM, deprovisioned, Roles.PLATFORM_AUDITOR, null);
        accounts.changeState(SYSTEM, deprovisioned, AccountState.DEPROVISIONED, "left the company");
        t = TenantId.random();
        tenantAdmin = tenantAdmin(t);
        tenantAdmin2 = tenantAdmin(t);
        member = person(Account.TENANT_USER, t);
        accounts.grantRole(SYSTEM, member, Roles.TENANT_MEMBER, t);
        u = TenantId.random();
        soleAdmin = tenantAdmin(u);
    }

    private Person officer() {
        TestAdministrators.Admin a = TestAdministrators.create(accounts, keys, clock);
        accounts.revokeRole(SYSTEM, a.account(), Roles.PLATFORM_ADMIN, null);
        accounts.grantRole(SYSTEM, a.account(), Roles.SECURITY_OFFICER, null);
        Caller caller = new Caller(a.account(), Account.STAFF, Set.of(Roles.SECURITY_OFFICER), null,
                a.caller().authMethods(), a.account(), a.caller().factors(), true);
        return new Person(a.account(), keys.create(caller, Set.of(Roles.SECURITY_OFFICER), null, "officer").token(),
                caller);
    }

    private Person tenantAdmin(TenantId tenant) {
        TestAdministrators.Admin a = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        return new Person(a.account(), a.token(), a.caller());
    }

    private String person(String kind, TenantId tenant) {
        Accounts.Invitation invitation = accounts.invite(SYSTEM, kind, tenant,
                "reviewed-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime());
        String id = invitation.account().id();
        accounts.acceptInvitation(invitation.token(), "correct horse battery staple " + id);
        return id;
    }

    private static MockHttpServletRequestBuilder as(Person who, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + who.token());
    }

    private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.contentType(MediaType.APPLICATION_JSON).content(body);
    }

    /** Opens a campaign over HTTP as {@code who}; returns its id. */
    private String open(Person who, String body) throws Exception {
        String answer = mvc.perform(json(as(who, post("/api/v1/access-reviews")), body))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.trigger").value("on-demand"))
                .andExpect(jsonPath("$.state").value("open"))
                .andReturn().getResponse().getContentAsString();
        return JsonPath.read(answer, "$.id");
    }

    /** The campaign's items, keyed by account, role and tenant ("" for the platform). */
    private Map<String, AccessReviews.Item> items(String campaign) {
        Map<String, AccessReviews.Item> byKey = new HashMap<>();
        for (AccessReviews.Item item : reviews.items(campaign, null, null)) {
            byKey.put(key(item.account(), item.role(), item.tenant() == null ? null : new TenantId(item.tenant())),
                    item);
        }
        return byKey;
    }

    private static String key(String account, String role, TenantId tenant) {
        return account + "|" + role + "|" + (tenant == null ? "" : tenant.value());
    }

    private AccessReviews.Item item(String campaign, String account, String role, TenantId tenant) {
        AccessReviews.Item item = items(campaign).get(key(account, role, tenant));
        assertThat(item).as("item of %s %s on %s", account, role, tenant).isNotNull();
        return item;
    }

    private MockHttpServletRequestBuilder decide(Person who, TenantId via, AccessReviews.Item item, String decision,
            String note) {
        String path = (via == null ? "/api/v1/access-reviews/" : "/api/v1/tenants/" + via + "/access-reviews/")
                + item.campaign() + "/items/" + item.id();
        return json(as(who, post(path)), "{\"decision\":\"" + decision + "\"" + (note == null ? ""
                : ",\"note\":\"" + note + "\"") + "}");
    }

    private boolean holds(String account, String role, TenantId tenant) {
        return accounts.find(account).orElseThrow().roles().contains(new Account.RoleAssignment(role, tenant));
    }

    /** The events of reviews and of role changes. */
    private List<LedgerEvent> reviewEvents() {
        return ledger.events().stream().filter(e -> e.action().startsWith("access-review.")
                || e.action().startsWith("account.role-")).toList();
    }

    private List<LedgerEvent> events(String action) {
        return ledger.events().stream().filter(e -> e.action().equals(action)).toList();
    }

    @Test
    void openWhenOnDemandThenEveryAssignmentSnapshottedWithItsReviewerAndLedgered() throws Exception {
        int assignmentsNow = assignments.all().size();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);

        String id = open(officer, "{}");

        AccessReviews.Campaign campaign = reviews.find(id, null).orElseThrow();
        assertThat(id).matches("arc-[a-z2-7]{16}");
        assertThat(campaign.openedBy()).isEqualTo(officer.account());
        assertThat(Duration.between(now, campaign.deadline())).isBetween(Duration.ofDays(14),
                Duration.ofDays(14).plusMinutes(1));
        assertThat(campaign.counts().total()).as("every assignment").isEqualTo(assignmentsNow);
        assertThat(campaign.counts().undecided()).isEqualTo(assignmentsNow);
        assertThat(item(id, admin.account(), Roles.PLATFORM_ADMIN, null).reviewer()).isEqualTo("security-officer");
        assertThat(item(id, officer.account(), Roles.SECURITY_OFFICER, null).reviewer()).isEqualTo("security-officer");
        assertThat(item(id, service, Roles.PLATFORM_AUDITOR, null).reviewer()).isEqualTo("security-officer");
        assertThat(item(id, tenantAdmin.account(), Roles.TENANT_ADMIN, t).reviewer()).isEqualTo("tenant-admin");
        assertThat(item(id, tenantAdmin2.account(), Roles.TENANT_ADMIN, t).reviewer()).isEqualTo("tenant-admin");
        assertThat(item(id, member, Roles.TENANT_MEMBER, t).reviewer()).isEqualTo("tenant-admin");
        assertThat(item(id, soleAdmin.account(), Roles.TENANT_ADMIN, u).reviewer())
                .as("no other administrator of u: security officers").isEqualTo("security-officer");
        assertThat(items(id).values()).as("not the deprovisioned account's")
                .noneMatch(i -> i.account().equals(deprovisioned));
        assertThat(items(id).values()).allMatch(i -> i.decision() == null && i.id().matches("ari-[a-z2-7]{16}"));

        mvc.perform(as(officer, get("/api/v1/access-reviews/" + id))).andExpect(status().isOk())
                .andExpect(jsonPath("$.campaign.id").value(id))
                .andExpect(jsonPath("$.items.length()").value(assignmentsNow));
        mvc.perform(as(officer, get("/api/v1/access-reviews"))).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + id + "')].counts.total").value(assignmentsNow));
        assertThat(events("access-review.opened")).filteredOn(e -> e.target().equals("access-review/" + id))
                .singleElement().satisfies(e -> {
                    assertThat(e.tenant()).as("platform log").isNull();
                    assertThat(e.actor().roles()).containsExactly(Roles.SECURITY_OFFICER);
                    assertThat(e.reason()).contains(assignmentsNow + " assignments");
                });
    }

    @Test
    void decideWhenReviewersCertifyAndRevokeThenRoleGoneAtTheNextRequestAndLedgeredInTheItemsLog() throws Exception {
        String id = open(officer, "{\"deadlineDays\": 30}");
        mvc.perform(as(tenantAdmin2, get("/api/v1/tenants/" + t + "/access-reviews"))).andExpect(status().isOk());

        // A tenant's administrator sees its tenant's items only, and decides the member's and its colleague's.
        mvc.perform(as(tenantAdmin, get("/api/v1/tenants/" + t + "/access-reviews/" + id)).param("decision",
                "undecided")).andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(3))
                .andExpect(jsonPath("$.items[*].tenant", Matchers.everyItem(Matchers.is(t.value()))))
                .andExpect(jsonPath("$.campaign.counts.total").value(3));
        mvc.perform(decide(tenantAdmin, t, item(id, member, Roles.TENANT_MEMBER, t), "certify",
                "still on the billing team")).andExpect(status().isOk())
                .andExpect(jsonPath("$.decision").value("certified"))
                .andExpect(jsonPath("$.decidedBy").value(tenantAdmin.account()))
                .andExpect(jsonPath("$.note").value("still on the billing team"));
        mvc.perform(decide(tenantAdmin, t, item(id, tenantAdmin2.account(), Roles.TENANT_ADMIN, t), "revoke", null))
                .andExpect(status().isOk()).andExpect(jsonPath("$.decision").value("revoked"));

        assertThat(holds(tenantAdmin2.account(), Roles.TENANT_ADMIN, t)).isFalse();
        assertThat(holds(member, Roles.TENANT_MEMBER, t)).isTrue();
        mvc.perform(as(tenantAdmin2, get("/api/v1/tenants/" + t + "/access-reviews")))
                .andExpect(problem("forbidden", 403));

        // Security officers decide the platform's items and a tenant's with no other administrator.
        mvc.perform(decide(officer, null, item(id, admin.account(), Roles.PLATFORM_ADMIN, null), "certify", null))
                .andExpect(status().isOk()).andExpect(jsonPath("$.decidedBy").value(officer.account()));
        mvc.perform(decide(officer2, null, item(id, soleAdmin.account(), Roles.TENANT_ADMIN, u), "certify", null))
                .andExpect(status().isOk());
        // ... but not the items a tenant's administrators review.
        mvc.perform(decide(officer, null, item(id, tenantAdmin.account(), Roles.TENANT_ADMIN, t), "revoke", null))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.reviewer").value("tenant-admin"));
        assertThat(holds(tenantAdmin.account(), Roles.TENANT_ADMIN, t)).isTrue();

        // A decided item cannot be decided again.
        mvc.perform(decide(tenantAdmin, t, item(id, member, Roles.TENANT_MEMBER, t), "revoke", null))
                .andExpect(problem("conflict", 409));
        assertThat(holds(member, Roles.TENANT_MEMBER, t)).isTrue();

        String memberTarget = "account/" + member;
        assertThat(events("access-review.item-certified")).filteredOn(e -> e.target().equals(memberTarget))
                .singleElement().satisfies(e -> {
                    assertThat(e.tenant()).isEqualTo(t);
                    assertThat(e.outcome()).isEqualTo("success");
                    assertThat(e.reason()).contains(id, member, Roles.TENANT_MEMBER).doesNotContain("billing");
                });
        assertThat(events("access-review.item-revoked"))
                .filteredOn(e -> e.target().equals("account/" + tenantAdmin2.account())).singleElement()
                .satisfies(e -> assertThat(e.tenant()).isEqualTo(t));
        assertThat(events("account.role-revoked"))
                .filteredOn(e -> e.target().equals("account/" + tenantAdmin2.account())).hasSize(1);
        assertThat(events("access-review.item-certified"))
                .filteredOn(e -> e.target().equals("account/" + admin.account())).singleElement()
                .satisfies(e -> assertThat(e.tenant()).as("platform log").isNull());
        assertThat(events("access-review.item-certified"))
                .filteredOn(e -> e.target().equals("account/" + soleAdmin.account())).singleElement()
                .satisfies(e -> assertThat(e.tenant()).as("the tenant's log").isEqualTo(u));
        assertThat(ledger.events()).noneMatch(e -> String.valueOf(e.reason()).contains("billing team"));
        assertThat(reviews.find(id, null).orElseThrow().counts()).satisfies(c -> {
            assertThat(c.certified()).isEqualTo(3);
            assertThat(c.revoked()).isEqualTo(1);
        });
    }

    @Test
    void decideWhenOwnAssignmentThenRefusedAsSelfReviewLedgeredAndLeftForAnotherReviewer() throws Exception {
        String id = open(officer, "{}");
        AccessReviews.Item own = item(id, officer.account(), Roles.SECURITY_OFFICER, null);

        mvc.perform(decide(officer, null, own, "certify", null)).andExpect(problem("self-review", 403))
                .andExpect(jsonPath("$.rule").value("segregation-of-duties"))
                .andExpect(jsonPath("$.messageIt").isNotEmpty());
        // The sole administrator of u: its own items go to security officers, and it cannot take them.
        AccessReviews.Item sole = item(id, soleAdmin.account(), Roles.TENANT_ADMIN, u);
        mvc.perform(decide(soleAdmin, u, sole, "certify", null)).andExpect(problem("self-review", 403));
        // Nor can a tenant's administrator certify itself.
        mvc.perform(decide(tenantAdmin, t, item(id, tenantAdmin.account(), Roles.TENANT_ADMIN, t), "certify", null))
                .andExpect(problem("self-review", 403));

        assertThat(item(id, officer.account(), Roles.SECURITY_OFFICER, null).decision()).isNull();
        assertThat(item(id, soleAdmin.account(), Roles.TENANT_ADMIN, u).decision()).isNull();
        assertThat(ledger.events()).filteredOn(e -> e.outcome().equals("denied")
                && e.action().equals("access-review.item-certified") && e.target().equals("account/" + officer.account()))
                .singleElement().satisfies(e -> {
                    assertThat(e.tenant()).isNull();
                    assertThat(e.reason()).contains("segregation of duties", own.id());
                });
        assertThat(ledger.events()).filteredOn(e -> e.outcome().equals("denied")
                && e.target().equals("account/" + soleAdmin.account())).singleElement()
                .satisfies(e -> assertThat(e.tenant()).isEqualTo(u));

        mvc.perform(decide(officer2, null, own, "certify", null)).andExpect(status().isOk())
                .andExpect(jsonPath("$.decidedBy").value(officer2.account()));
    }

    @Test
    void tenantAdminWhenAnotherTenantsOrThePlatformsItemsThenNeitherSeenNorDecided() throws Exception {
        String id = open(officer, "{}");
        AccessReviews.Item others = item(id, soleAdmin.account(), Roles.TENANT_ADMIN, u);
        AccessReviews.Item platform = item(id, admin.account(), Roles.PLATFORM_ADMIN, null);

        mvc.perform(as(tenantAdmin, get("/api/v1/access-reviews"))).andExpect(problem("forbidden", 403))
                .andExpect(jsonPath("$.rule").value("tenant-scope"));
        mvc.perform(as(tenantAdmin, get("/api/v1/access-reviews/" + id))).andExpect(problem("forbidden", 403));
        mvc.perform(as(tenantAdmin, get("/api/v1/access-reviews/" + id + "/report")))
                .andExpect(problem("forbidden", 403));
        mvc.perform(as(tenantAdmin, get("/api/v1/tenants/" + u + "/access-reviews/" + id)))
                .andExpect(problem("forbidden", 403)).andExpect(jsonPath("$.rule").value("tenant-scope"));
        mvc.perform(decide(tenantAdmin, u, others, "revoke", null)).andExpect(problem("forbidden", 403));
        mvc.perform(decide(tenantAdmin, null, platform, "revoke", null)).andExpect(problem("forbidden", 403));
        // Through its own tenant's path, another tenant's item or a platform item does not exist.
        String viaT = "/api/v1/tenants/" + t + "/access-reviews/" + id + "/items/";
        mvc.perform(json(as(tenantAdmin, post(viaT + others.id())), "{\"decision\":\"revoke\"}"))
                .andExpect(problem("not-found", 404));
        mvc.perform(json(as(tenantAdmin, post(viaT + platform.id())), "{\"decision\":\"revoke\"}"))
                .andExpect(problem("not-found", 404));
        mvc.perform(as(tenantAdmin, get("/api/v1/tenants/" + t + "/access-reviews/" + id + "/report")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].tenant", Matchers.everyItem(Matchers.is(t.value()))))
                .andExpect(jsonPath("$.items.length()").value(3));
        // Nor does a platform administrator review anything: reviews are the security officers'.
        mvc.perform(as(admin, get("/api/v1/access-reviews"))).andExpect(problem("forbidden", 403));

        assertThat(holds(soleAdmin.account(), Roles.TENANT_ADMIN, u)).isTrue();
        assertThat(holds(admin.account(), Roles.PLATFORM_ADMIN, null)).isTrue();
        assertThat(item(id, soleAdmin.account(), Roles.TENANT_ADMIN, u).decision()).isNull();
        assertThat(item(id, admin.account(), Roles.PLATFORM_ADMIN, null).decision()).isNull();
    }

    @Test
    void deadlineWhenPassedThenUnreviewedAssignmentsRevokedCampaignClosedAndARerunChangesNothing() throws Exception {
        reviews.enforceDeadlines(); // whatever earlier tests left past its deadline
        String id = open(officer, "{\"deadlineDays\": 1}");
        mvc.perform(decide(officer2, null, item(id, officer.account(), Roles.SECURITY_OFFICER, null), "certify", null))
                .andExpect(status().isOk());
        mvc.perform(decide(tenantAdmin, t, item(id, member, Roles.TENANT_MEMBER, t), "certify", null))
                .andExpect(status().isOk());
        // Revoked meanwhile by an administrator: gone, not auto-revoked.
        accounts.revokeRole(SYSTEM, service, Roles.PLATFORM_AUDITOR, null);

        reviews.enforceDeadlines();
        assertThat(reviews.find(id, null).orElseThrow().state()).as("before the deadline").isEqualTo("open");
        assertThat(holds(tenantAdmin2.account(), Roles.TENANT_ADMIN, t)).isTrue();

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        mvc.perform(decide(officer2, null, item(id, admin.account(), Roles.PLATFORM_ADMIN, null), "certify", null))
                .andExpect(problem("conflict", 409));

        AccessReviews.DeadlineRun run = reviews.enforceDeadlines();

        assertThat(run.closed()).isEqualTo(1);
        AccessReviews.Campaign closed = reviews.find(id, null).orElseThrow();
        assertThat(closed.state()).isEqualTo("closed");
        assertThat(closed.closedAt()).isNotNull();
        assertThat(closed.counts().undecided()).isZero();
        assertThat(closed.counts().certified()).isEqualTo(2);
        assertThat(closed.counts().gone()).isGreaterThanOrEqualTo(1);
        assertThat(closed.counts().autoRevoked() + closed.counts().gone() + closed.counts().kept())
                .isEqualTo(closed.counts().total() - 2);
        assertThat(run.autoRevoked()).isEqualTo(closed.counts().autoRevoked());
        assertThat(item(id, service, Roles.PLATFORM_AUDITOR, null).decision()).isEqualTo("gone");
        assertThat(item(id, tenantAdmin2.account(), Roles.TENANT_ADMIN, t)).satisfies(i -> {
            assertThat(i.decision()).isEqualTo("auto-revoked");
            assertThat(i.decidedBy()).isEqualTo("system");
        });
        assertThat(holds(tenantAdmin2.account(), Roles.TENANT_ADMIN, t)).isFalse();
        assertThat(holds(tenantAdmin.account(), Roles.TENANT_ADMIN, t)).isFalse();
        // Auto-revoked, unless earlier tests left it the last active platform administrator: then kept.
        String adminDecision = item(id, admin.account(), Roles.PLATFORM_ADMIN, null).decision();
        assertThat(adminDecision).isIn("auto-revoked", "kept");
        assertThat(holds(admin.account(), Roles.PLATFORM_ADMIN, null)).isEqualTo("kept".equals(adminDecision));
        assertThat(holds(soleAdmin.account(), Roles.TENANT_ADMIN, u)).isFalse();
        assertThat(holds(officer.account(), Roles.SECURITY_OFFICER, null)).as("certified").isTrue();
        assertThat(holds(member, Roles.TENANT_MEMBER, t)).as("certified").isTrue();
        // The role is gone at the next request.
        mvc.perform(as(tenantAdmin2, get("/api/v1/tenants/" + t + "/access-reviews")))
                .andExpect(problem("forbidden", 403));

        assertThat(events("access-review.item-auto-revoked"))
                .filteredOn(e -> e.target().equals("account/" + tenantAdmin2.account())).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(LedgerEvent.Actor.SYSTEM);
                    assertThat(e.tenant()).isEqualTo(t);
                    assertThat(e.reason()).contains(id, "deadline");
                });
        assertThat(events("access-review.item-gone")).filteredOn(e -> e.target().equals("account/" + service))
                .hasSize(1);
        assertThat(events("access-review.closed")).filteredOn(e -> e.target().equals("access-review/" + id))
                .singleElement().satisfies(e -> {
                    assertThat(e.tenant()).isNull();
                    assertThat(e.reason()).contains("2 certified", "1 gone");
                });

        List<LedgerEvent> before = reviewEvents();
        List<AccessReviews.Item> decided = reviews.items(id, null, null);
        assertThat(reviews.enforceDeadlines()).isEqualTo(new AccessReviews.DeadlineRun(0, 0, 0, 0));
        assertThat(reviews.items(id, null, null)).isEqualTo(decided);
        assertThat(reviews.find(id, null).orElseThrow()).isEqualTo(closed);
        assertThat(reviewEvents()).isEqualTo(before);
    }

    @Test
    void deadlineWhenARunStopsHalfWayThenTheNextFinishesTheRestAndNothingIsDoneTwice() {
        // Everything opened by earlier tests is past its deadline (at most 90 days) and dealt with first.
        clock.advance(Duration.ofDays(91));
        reviews.enforceDeadlines();
        AccessReviews.Campaign campaign = reviews.open(officer.caller(), Duration.ofDays(1));
        int total = campaign.counts().total();
        assertThat(total).isGreaterThan(3);
        clock.advance(Duration.ofDays(1));

        AccessReviews.DeadlineRun first = jdbcReviews.enforceDeadlines(2);

        assertThat(first.autoRevoked() + first.gone() + first.kept()).isEqualTo(2);
        assertThat(first.closed()).isZero();
        AccessReviews.Campaign halfWay = reviews.find(campaign.id(), null).orElseThrow();
        assertThat(halfWay.state()).isEqualTo("open");
        assertThat(halfWay.counts().undecided()).isEqualTo(total - 2);

        AccessReviews.DeadlineRun second = reviews.enforceDeadlines();

        assertThat(second.autoRevoked() + second.gone() + second.kept()).isEqualTo(total - 2);
        assertThat(second.closed()).isEqualTo(1);
        assertThat(reviews.enforceDeadlines()).isEqualTo(new AccessReviews.DeadlineRun(0, 0, 0, 0));
        List<String> itemIds = reviews.items(campaign.id(), null, null).stream().map(AccessReviews.Item::id).toList();
        for (String itemId : itemIds) {
            assertThat(ledger.events()).filteredOn(e -> e.action().startsWith("access-review.item-")
                    && e.reason().contains(itemId + " ")).as("one event for %s", itemId).hasSize(1);
        }
        assertThat(events("access-review.closed")).filteredOn(e -> e.target().equals("access-review/"
                + campaign.id())).hasSize(1);
    }

    @Test
    void quarterlyWhenDueThenExactlyOneCampaignPerCalendarQuarter() {
        Instant start = JdbcAccessReviews.Quarter.of(clock.instant()).end();
        clock.advance(Duration.between(clock.instant(), start).plusHours(1));
        officer = officer();
        String label = JdbcAccessReviews.Quarter.of(clock.instant()).label();

        AccessReviews.Campaign opened = reviews.openQuarterlyIfDue().orElseThrow();

        assertThat(opened.trigger()).isEqualTo("quarterly");
        assertThat(opened.quarter()).isEqualTo(label).matches("\\d{4}-Q[1-4]");
        assertThat(opened.openedBy()).isEqualTo("system");
        assertThat(opened.deadline()).isEqualTo(clock.instant().plus(Duration.ofDays(14)).truncatedTo(
                java.time.temporal.ChronoUnit.MICROS));
        assertThat(reviews.openQuarterlyIfDue()).as("again at once").isEmpty();
        clock.advance(Duration.ofDays(20));
        assertThat(reviews.openQuarterlyIfDue()).as("later in the quarter").isEmpty();
        assertThat(reviews.list(null)).filteredOn(c -> label.equals(c.quarter())).hasSize(1);
        assertThat(events("access-review.opened")).filteredOn(e -> e.target().equals("access-review/" + opened.id()))
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo(LedgerEvent.Actor.SYSTEM));

        // The next quarter has its own; an on-demand campaign opened in a quarter counts as its review.
        clock.advance(Duration.between(clock.instant(), JdbcAccessReviews.Quarter.of(clock.instant()).end())
                .plusMinutes(5));
        officer = officer();
        AccessReviews.Campaign next = reviews.openQuarterlyIfDue().orElseThrow();
        assertThat(next.quarter()).isNotEqualTo(label);
        assertThat(reviews.openQuarterlyIfDue()).isEmpty();
        clock.advance(Duration.between(clock.instant(), JdbcAccessReviews.Quarter.of(clock.instant()).end())
                .plusMinutes(5));
        officer = officer();
        reviews.open(officer.caller(), null);
        assertThat(reviews.openQuarterlyIfDue()).isEmpty();

        // Without an active security officer nobody could review the platform's assignments: none is opened
        // (they would all be revoked at the deadline) until there is one.
        clock.advance(Duration.between(clock.instant(), JdbcAccessReviews.Quarter.of(clock.instant()).end())
                .plusMinutes(5));
        for (RoleAssignments.Assignment a : assignments.all()) {
            if (a.role().equals(Roles.SECURITY_OFFICER)) {
                accounts.revokeRole(SYSTEM, a.account(), Roles.SECURITY_OFFICER, null);
            }
        }
        assertThat(reviews.openQuarterlyIfDue()).isEmpty();
        accounts.grantRole(SYSTEM, officer2.account(), Roles.SECURITY_OFFICER, null);
        assertThat(reviews.openQuarterlyIfDue()).isPresent();
    }

    @Test
    void quarterWhenComputedThenCalendarQuartersInUtc() {
        assertThat(JdbcAccessReviews.Quarter.of(Instant.parse("2026-03-31T23:59:59Z")).label()).isEqualTo("2026-Q1");
        JdbcAccessReviews.Quarter q2 = JdbcAccessReviews.Quarter.of(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(q2.label()).isEqualTo("2026-Q2");
        assertThat(q2.start()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(q2.end()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(JdbcAccessReviews.Quarter.of(Instant.parse("2026-12-31T12:00:00Z")).end())
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void reportWhenDecisionsThenWhoWhatWhenCountsCompletionInJsonTextAndCsvInEnglishAndItalian() throws Exception {
        String id = open(officer, "{}");
        mvc.perform(decide(tenantAdmin, t, item(id, member, Roles.TENANT_MEMBER, t), "certify", "=cmd|' /C calc'!A0"))
                .andExpect(status().isOk());
        mvc.perform(decide(tenantAdmin2, t, item(id, tenantAdmin.account(), Roles.TENANT_ADMIN, t), "revoke", null))
                .andExpect(status().isOk());
        AccessReviews.Counts counts = reviews.find(id, null).orElseThrow().counts();

        String report = mvc.perform(as(officer, get("/api/v1/access-reviews/" + id + "/report")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.campaign.counts.certified").value(1))
                .andExpect(jsonPath("$.campaign.counts.revoked").value(1))
                .andExpect(jsonPath("$.campaign.counts.autoRevoked").value(0))
                .andExpect(jsonPath("$.items.length()").value(counts.total()))
                .andExpect(jsonPath("$.items[?(@.decision == 'revoked')].decidedBy")
                        .value(Matchers.contains(tenantAdmin2.account())))
                .andExpect(jsonPath("$.items[?(@.decision == 'revoked')].decidedAt").isNotEmpty())
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<Number>read(report, "$.completion").doubleValue()).isCloseTo(2.0 / counts.total(),
                org.assertj.core.data.Offset.offset(1e-9));
        // The tenant's view: its own items, its own counts.
        String tenantReport = mvc.perform(as(tenantAdmin2, get("/api/v1/tenants/" + t + "/access-reviews/" + id
                + "/report"))).andExpect(status().isOk()).andExpect(jsonPath("$.campaign.counts.total").value(3))
                .andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<Number>read(tenantReport, "$.completion").doubleValue()).isCloseTo(2.0 / 3,
                org.assertj.core.data.Offset.offset(1e-9));

        String it = mvc.perform(as(officer, get("/api/v1/access-reviews/" + id + "/report"))
                .param("format", "text").param("lang", "it")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
                .andExpect(header().string("Content-Language", "it"))
                .andReturn().getResponse().getContentAsString();
        assertThat(it).startsWith("Revisione degli accessi " + id + " (su richiesta)")
                .contains("Assegnazioni: " + counts.total(), "confermate 1", "revocate 1",
                        "voce | account | ruolo | tenant | revisore | decisione | decisa il | decisa da",
                        tenantAdmin2.account(), "revocata", "piattaforma");
        String en = mvc.perform(as(officer, get("/api/v1/access-reviews/" + id + "/report"))
                .param("format", "text")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(en).startsWith("Access review " + id + " (on demand)").contains("certified 1", "Reviewed: ",
                "item | account | role | tenant | reviewer | decision | decided at | decided by");
        String csv = mvc.perform(as(officer, get("/api/v1/access-reviews/" + id + "/report"))
                .param("format", "csv").param("lang", "en")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("item,account,role,tenant,reviewer,decision,decided at,decided by,note");
        assertThat(lines).hasSize(counts.total() + 1);
        assertThat(csv).as("a note cannot run as a formula").contains(",\"'=cmd|' /C calc'!A0\"")
                .doesNotContain(",=cmd");
        String csvIt = mvc.perform(as(officer, get("/api/v1/access-reviews/" + id + "/report"))
                .param("format", "csv").param("lang", "it")).andReturn().getResponse().getContentAsString();
        assertThat(csvIt).startsWith("voce,account,ruolo,tenant,revisore,decisione,decisa il,decisa da,nota\r\n");
    }

    @Test
    void requestsWhenBadInputThen400AndUnknownIdsThen404() throws Exception {
        mvc.perform(json(as(officer, post("/api/v1/access-reviews")), "{\"deadlineDays\": 0}"))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.field").value("deadlineDays"))
                .andExpect(jsonPath("$.messageIt").isNotEmpty());
        mvc.perform(json(as(officer, post("/api/v1/access-reviews")), "{\"deadlineDays\": 91}"))
                .andExpect(problem("validation", 400));
        mvc.perform(json(as(officer, post("/api/v1/access-reviews")), "{\"deadlineDays\": \"soon\"}"))
                .andExpect(status().isBadRequest());
        int campaigns = reviews.list(null).size();
        String id = open(officer, "{\"deadlineDays\": 90}");
        assertThat(reviews.list(null)).hasSize(campaigns + 1);
        // Without a body, the default: 14 days.
        mvc.perform(as(officer, post("/api/v1/access-reviews"))).andExpect(status().isCreated());

        AccessReviews.Item item = item(id, member, Roles.TENANT_MEMBER, t);
        mvc.perform(decide(tenantAdmin, t, item, "approve", null)).andExpect(problem("validation", 400))
                .andExpect(jsonPath("$.field").value("decision"));
        mvc.perform(decide(tenantAdmin, t, item, "certify", "x".repeat(501))).andExpect(problem("validation", 400))
                .andExpect(jsonPath("$.field").value("note"));
        mvc.perform(as(officer, get("/api/v1/access-reviews/" + id)).param("decision", "maybe"))
                .andExpect(problem("validation", 400));
        mvc.perform(as(officer, get("/api/v1/access-reviews/" + id + "/report")).param("format", "pdf"))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.field").value("format"));
        mvc.perform(as(officer, get("/api/v1/access-reviews/" + id + "/report")).param("lang", "fr"))
                .andExpect(problem("validation", 400)).andExpect(jsonPath("$.field").value("lang"));
        mvc.perform(as(tenantAdmin, get("/api/v1/tenants/not-a-tenant/access-reviews")))
                .andExpect(problem("validation", 400));
        assertThat(item(id, member, Roles.TENANT_MEMBER, t).decision()).isNull();

        mvc.perform(as(officer, get("/api/v1/access-reviews/arc-unknown"))).andExpect(problem("not-found", 404));
        mvc.perform(as(officer, get("/api/v1/access-reviews/arc-unknown/report"))).andExpect(problem("not-found", 404));
        mvc.perform(json(as(officer, post("/api/v1/access-reviews/arc-unknown/items/" + item.id())),
                "{\"decision\":\"certify\"}")).andExpect(problem("not-found", 404));
        mvc.perform(json(as(officer, post("/api/v1/access-reviews/" + id + "/items/ari-unknown")),
                "{\"decision\":\"certify\"}")).andExpect(problem("not-found", 404));
        mvc.perform(as(tenantAdmin, get("/api/v1/tenants/" + t + "/access-reviews/arc-unknown")))
                .andExpect(problem("not-found", 404));
    }
}
