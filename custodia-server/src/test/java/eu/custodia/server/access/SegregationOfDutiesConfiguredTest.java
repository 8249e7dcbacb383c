package eu.custodia.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.RoleRequest;
import eu.custodia.server.identity.RoleRequests;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Rules as an operator configures them: a refused pair stops a service account asked for with both roles
 * (nothing created, the refusal ledgered); a record-only pair lets the grant through and ledgers the conflict;
 * an approve pair holds the grant until a security officer approves it.
 */
@CustodiaTest
@TestPropertySource(properties = "custodia.access.sod.conflicts="
        + "support-engineer+platform-auditor:refuse,key-custodian+support-engineer:record,"
        + "tenant-admin+tenant-auditor:approve")
class SegregationOfDutiesConfiguredTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    RoleRequests requests;
    @Autowired
    TenantCommands tenants;

    @Test
    void grantWhenThePairNeedsApprovalThenPendingUntilASecurityOfficerApprovesAndTheConflictLedgered() {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TenantId tenant = tenants.create(admin.caller(), new TenantContract("SoD Approval S.r.l.", "IT12345678901",
                "IT", "SaaS", List.of(), new TenantContract.Dpa("DPA-1", LocalDate.of(2026, 1, 1)), List.of(),
                "baseline", "eu-south-1", 90, 24, 14, new TenantContract.Contacts(CONTACT, CONTACT, CONTACT))).id();
        TestAdministrators.Admin tenantAdmin = TestAdministrators.createTenantAdmin(accounts, keys, clock, tenant);
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);

        // Not even the platform's own code skips an approve rule: it is the operator's policy.
        Accounts.RoleGrant grant = accounts.grantRole(SYSTEM, tenantAdmin.account(), Roles.TENANT_AUDITOR, tenant);

        assertThat(grant.granted()).isFalse();
        assertThat(grant.pending().cause()).isEqualTo(RoleRequest.SEGREGATION_OF_DUTIES);
        assertThat(grant.pending().sodPair()).isEqualTo("tenant-admin+tenant-auditor");
        assertThat(grant.pending().tenant()).isEqualTo(tenant);
        assertThat(grant.account().roles()).extracting(Account.RoleAssignment::role).doesNotContain(Roles.TENANT_AUDITOR);

        Accounts.RoleGrant approved = requests.approve(officer.caller(), grant.pending().id());

        assertThat(approved.account().roles()).extracting(Account.RoleAssignment::role).contains(Roles.TENANT_AUDITOR);
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("account/" + tenantAdmin.account()))
                .filteredOn(e -> e.action().equals("access.sod-conflict-recorded")).singleElement().satisfies(e -> {
                    assertThat(e.tenant()).isEqualTo(tenant);
                    assertThat(e.reason()).contains("tenant-admin+tenant-auditor", "approved by a security officer");
                });
    }

    private static final TenantContract.Contact CONTACT = new TenantContract.Contact("Sara Conti",
            "sara@example.test", null);

    @Test
    void serviceAccountWhenAskedWithARefusedPairThenNothingCreatedAndTheRefusalLedgered() {
        long before = accounts.list(null).stream().filter(Account::service).count();
        assertThatThrownBy(() -> accounts.createServiceAccount(SYSTEM, null, "both-hats", "reports",
                Set.of(Roles.SUPPORT_ENGINEER, Roles.PLATFORM_AUDITOR)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().uri().toString())
                        .isEqualTo("urn:custodia:problem:sod-conflict"));
        assertThat(accounts.list(null).stream().filter(Account::service).count()).isEqualTo(before);
        assertThat(ledger.events()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("account.created");
            assertThat(e.outcome()).isEqualTo("denied");
            assertThat(e.reason()).contains("platform-auditor+support-engineer");
        });
    }

    @Test
    void grantWhenThePairIsRecordOnlyThenGrantedAndTheConflictLedgered() {
        TestAdministrators.Admin person = TestAdministrators.create(accounts, keys, clock);
        accounts.revokeRole(SYSTEM, person.account(), Roles.PLATFORM_ADMIN, null);
        accounts.grantRole(SYSTEM, person.account(), Roles.KEY_CUSTODIAN, null);

        accounts.grantRole(SYSTEM, person.account(), Roles.SUPPORT_ENGINEER, null);

        assertThat(accounts.find(person.account()).orElseThrow().roles()).extracting(Account.RoleAssignment::role)
                .contains(Roles.KEY_CUSTODIAN, Roles.SUPPORT_ENGINEER);
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("account/" + person.account()))
                .filteredOn(e -> e.action().equals("access.sod-conflict-recorded")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("key-custodian+support-engineer"));
    }
}
