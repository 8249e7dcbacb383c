package eu.custodia.server.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.access.AccessReviews;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * On a store of its own, with one platform administrator: an unreviewed campaign's deadline takes every
 * uncertified role away except the last active platform administrator's, which is kept (ledgered as such),
 * so the platform is never left without anyone to run it.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = "custodia.test.context=access-reviews-last-administrator")
class AccessReviewsLastAdministratorTest {

    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    AccessReviews reviews;
    @Autowired
    MutableClock clock;
    @Autowired
    RecordingLedger ledger;

    @Test
    void deadlineWhenNobodyCertifiedTheLastPlatformAdministratorThenKeptAndLedgeredTheRestRevoked() {
        TestAdministrators.Admin admin = TestAdministrators.create(accounts, keys, clock);
        TestAdministrators.Admin officer = TestAdministrators.createStaff(accounts, keys, clock, Roles.SECURITY_OFFICER);
        TestAdministrators.Admin auditor = TestAdministrators.createStaff(accounts, keys, clock, Roles.PLATFORM_AUDITOR);
        AccessReviews.Campaign campaign = reviews.open(officer.caller(), Duration.ofDays(1));

        clock.advance(Duration.ofDays(1).plusSeconds(1));
        reviews.enforceDeadlines();

        assertThat(accounts.find(admin.account()).orElseThrow().roles()).extracting(Account.RoleAssignment::role)
                .contains(Roles.PLATFORM_ADMIN);
        assertThat(accounts.find(auditor.account()).orElseThrow().roles()).isEmpty();
        assertThat(reviews.items(campaign.id(), null, AccessReviews.KEPT)).singleElement()
                .satisfies(i -> assertThat(i.account()).isEqualTo(admin.account()));
        AccessReviews.Campaign closed = reviews.find(campaign.id(), null).orElseThrow();
        assertThat(closed.state()).isEqualTo("closed");
        assertThat(closed.counts().kept()).isEqualTo(1);
        assertThat(closed.counts().autoRevoked()).isGreaterThanOrEqualTo(2);
        assertThat(ledger.events()).filteredOn(e -> e.action().equals("access-review.item-kept")).singleElement()
                .satisfies(e -> {
                    assertThat(e.target()).isEqualTo("account/" + admin.account());
                    assertThat(e.outcome()).isEqualTo("denied");
                    assertThat(e.reason()).contains("last active platform administrator");
                });
    }
}
