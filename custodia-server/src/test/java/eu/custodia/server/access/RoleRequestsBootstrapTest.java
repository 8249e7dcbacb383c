package eu.custodia.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The bootstrap of approvals, on a store of its own: while no security officer exists, a platform
 * administrator makes one directly (ledgered as bootstrap); from then on, security officers too wait.
 */
@CustodiaTest
@TestPropertySource(properties = "custodia.access.approvals.request-validity=6d")
class RoleRequestsBootstrapTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    RecordingLedger ledger;

    @Test
    void securityOfficerGrantWhenNoneExistsThenDirectAndLedgeredAsBootstrapThenTheNextOneWaits() {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TestAdministrators.Admin first = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);
        TestAdministrators.Admin second = TestAdministrators.createStaff(accounts, keys, clock, Roles.SUPPORT_ENGINEER);

        // Not even a platform administrator may make itself the first one (segregation of duties, too).
        assertThatThrownBy(() -> accounts.grantRole(admin.caller(), admin.account(), Roles.SECURITY_OFFICER, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().slug()).isEqualTo("sod-conflict"));

        Accounts.RoleGrant bootstrap = accounts.grantRole(admin.caller(), first.account(), Roles.SECURITY_OFFICER, null);
        assertThat(bootstrap.granted()).isTrue();
        assertThat(bootstrap.account().roles()).extracting(Account.RoleAssignment::role).contains(Roles.SECURITY_OFFICER);
        assertThat(ledger.events()).filteredOn(e -> e.target().equals("account/" + first.account()))
                .filteredOn(e -> e.action().equals("account.role-granted") && e.outcome().equals("success"))
                .filteredOn(e -> e.reason().contains(Roles.SECURITY_OFFICER)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("bootstrap"));

        Accounts.RoleGrant next = accounts.grantRole(admin.caller(), second.account(), Roles.SECURITY_OFFICER, null);
        assertThat(next.granted()).isFalse();
        assertThat(next.pending().cause()).isEqualTo("two-person-rule");
        assertThat(accounts.find(second.account()).orElseThrow().roles()).extracting(Account.RoleAssignment::role)
                .doesNotContain(Roles.SECURITY_OFFICER);
        // The system's own code (set-up, seeding) is not a person: it needs no second one.
        assertThat(accounts.grantRole(SYSTEM, second.account(), Roles.KEY_CUSTODIAN, null).granted()).isTrue();
    }
}
