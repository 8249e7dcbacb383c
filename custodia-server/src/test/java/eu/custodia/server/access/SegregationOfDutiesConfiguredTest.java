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
 * Rules as an operator configures them: a refused pair stops a service account asked for with both roles
 * (nothing created, the refusal ledgered); a record-only pair lets the grant through and ledgers the conflict.
 */
@CustodiaTest
@TestPropertySource(properties = "custodia.access.sod.conflicts="
        + "support-engineer+platform-auditor:refuse,key-custodian+support-engineer:record")
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
