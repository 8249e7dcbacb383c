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
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every default segregation-of-duties rule refuses its forbidden pair, in either order of granting, names
 * both roles, ledgers the refusal and grants nothing; a role that conflicts with nothing is granted.
 */
@CustodiaTest
class SegregationOfDutiesTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    RecordingLedger ledger;

    /** A staff account with a second factor (administrative roles need one), holding {@code role}. */
    private String staffHolding(String role) {
        TestAdministrators.Admin person = TestAdministrators.create(accounts, keys, clock);
        accounts.revokeRole(SYSTEM, person.account(), Roles.PLATFORM_ADMIN, null);
        accounts.grantRole(SYSTEM, person.account(), role, null);
        return person.account();
    }

    private Set<String> roles(String account) {
        return Set.copyOf(accounts.find(account).orElseThrow().roles().stream().map(Account.RoleAssignment::role).toList());
    }

    @Test
    void grantWhenEveryDefaultConflictingPairInEitherOrderThenRefusedNamingBothLedgeredNothingGranted() {
        List<List<String>> pairs = List.of(List.of(Roles.KEY_CUSTODIAN, Roles.PLATFORM_AUDITOR),
                List.of(Roles.SECURITY_OFFICER, Roles.PLATFORM_ADMIN));
        int refused = 0;
        for (List<String> pair : pairs) {
            for (int first = 0; first < 2; first++) {
                String held = pair.get(first);
                String wanted = pair.get(1 - first);
                String account = staffHolding(held);

                assertThatThrownBy(() -> accounts.grantRole(SYSTEM, account, wanted, null))
                        .isInstanceOfSatisfying(ProblemException.class, e -> {
                            assertThat(e.type().uri().toString()).isEqualTo("urn:custodia:problem:sod-conflict");
                            assertThat(e.type().status().value()).isEqualTo(409);
                            assertThat(e.getMessage()).contains(held, wanted);
                            assertThat(e.properties()).containsEntry("held", held).containsEntry("wanted", wanted)
                                    .containsKey("messageIt");
                        });
                assertThat(roles(account)).as("nothing granted").contains(held).doesNotContain(wanted);
                assertThat(ledger.events()).filteredOn(e -> e.target().equals("account/" + account))
                        .filteredOn(e -> e.outcome().equals("denied")).extracting(LedgerEvent::reason)
                        .singleElement().asString().contains("segregation of duties", held, wanted);
                refused++;
            }
        }
        assertThat(refused).isEqualTo(4);
    }

    @Test
    void grantWhenNoRuleForbidsThePairThenGranted() {
        String account = staffHolding(Roles.KEY_CUSTODIAN);
        accounts.grantRole(SYSTEM, account, Roles.SUPPORT_ENGINEER, null);
        assertThat(roles(account)).contains(Roles.KEY_CUSTODIAN, Roles.SUPPORT_ENGINEER);
    }
}
