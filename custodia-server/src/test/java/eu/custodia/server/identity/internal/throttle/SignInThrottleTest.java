package eu.custodia.server.identity.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.internal.throttle.Subject.Kind;
import eu.custodia.server.testing.CustodiaTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sign-in throttling on the store (SQLite, and PostgreSQL in the {@code postgresql} run). The context's clock
 * is a {@link MutableClock}; every test uses counters of its own, so the tests do not depend on each other.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class SignInThrottleTest {

    @Autowired
    SignInThrottle throttle;
    @Autowired
    ThrottlePolicy policy;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    private static String uniqueAddress() {
        return "2001:db8::" + Integer.toHexString(UUID.randomUUID().hashCode() & 0xffff) + ":"
                + Integer.toHexString(UUID.randomUUID().hashCode() & 0xffff);
    }

    private long failures(Subject subject) {
        return jdbc.sql("SELECT failures FROM signin_throttle WHERE counter_key = :key").param("key", subject.key())
                .query(Long.class).optional().orElse(0L);
    }

    private void fail(Subject subject, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failure(subject);
        }
    }

    /** Asserts a refusal for {@code wait}, allowing for the store's microsecond precision. */
    private static void assertRefused(Verdict verdict, Duration wait, boolean locked) {
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.locked()).isEqualTo(locked);
        assertThat(verdict.retryAfter()).isLessThanOrEqualTo(wait).isGreaterThan(wait.minusMillis(1));
    }

    @Test
    void policyWhenNotConfiguredThenTheDefaults() {
        assertThat(policy).isEqualTo(ThrottlePolicy.defaults());
        assertThat(throttle.policy()).isEqualTo(policy);
    }

    @Test
    void failureWhenRepeatedOnAnAccountThenAllowanceThenGrowingDelaysThenLockoutWithNotice() {
        Subject account = Subject.account(Kind.PASSWORD, unique("alice"));
        for (int i = 1; i <= 5; i++) {
            throttle.failure(account);
            assertThat(throttle.check(account)).as("after failure %d", i).isEqualTo(Verdict.ALLOWED);
        }
        long[] waits = {1, 2, 4, 8};
        for (long wait : waits) {
            throttle.failure(account);
            Verdict verdict = throttle.check(account);
            assertRefused(verdict, Duration.ofSeconds(wait), false);
            assertThat(verdict.messageEn()).isEqualTo("Too many attempts: wait " + wait + " second"
                    + (wait == 1 ? "" : "s") + " before trying again.");
            assertThat(verdict.messageIt()).startsWith("Troppi tentativi: attendere " + wait + " second");
            clock.advance(Duration.ofSeconds(wait).minusMillis(1));
            assertThat(throttle.check(account).allowed()).isFalse();
            clock.advance(Duration.ofMillis(1));
            assertThat(throttle.check(account)).isEqualTo(Verdict.ALLOWED);
        }
        throttle.failure(account);
        assertThat(failures(account)).isEqualTo(10);
        Verdict locked = throttle.check(account);
        assertRefused(locked, Duration.ofMinutes(15), true);
        assertThat(locked.retryAfterSeconds()).isEqualTo(900);
        assertThat(locked.messageEn()).isEqualTo("Too many failed attempts: sign-in is locked. Try again in 15 minutes.");
        assertThat(locked.messageIt())
                .isEqualTo("Troppi tentativi non riusciti: l'accesso è bloccato. Riprovare tra 15 minuti.");

        clock.advance(Duration.ofMinutes(14));
        Verdict later = throttle.check(account);
        assertRefused(later, Duration.ofMinutes(1), true);
        assertThat(later.messageEn()).endsWith("Try again in 1 minute.");
        assertThat(later.messageIt()).endsWith("Riprovare tra 1 minuto.");
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.check(account)).isEqualTo(Verdict.ALLOWED);
        throttle.failure(account);
        assertRefused(throttle.check(account), Duration.ofMinutes(15), true);
    }

    @Test
    void failureWhenUsernameUnknownThenSameVerdictsAsAKnownOne() {
        Subject known = Subject.account(Kind.PASSWORD, unique("registered"));
        Subject unknown = Subject.account(Kind.PASSWORD, unique("never-registered"));
        for (int i = 1; i <= 10; i++) {
            throttle.failure(known);
            throttle.failure(unknown);
            Verdict a = throttle.check(known);
            Verdict b = throttle.check(unknown);
            assertThat(b.allowed()).isEqualTo(a.allowed());
            assertThat(b.locked()).isEqualTo(a.locked());
            assertThat(b.messageEn()).isEqualTo(a.messageEn());
            assertThat(b.retryAfterSeconds()).isEqualTo(a.retryAfterSeconds());
        }
    }

    @Test
    void failureWhenPasswordsFailThenSecondFactorCounterUntouched() {
        String user = unique("bob");
        Subject password = Subject.account(Kind.PASSWORD, user);
        Subject secondFactor = Subject.account(Kind.SECOND_FACTOR, user);
        fail(password, 10);
        assertRefused(throttle.check(password), Duration.ofMinutes(15), true);
        assertThat(throttle.check(secondFactor)).isEqualTo(Verdict.ALLOWED);
        assertThat(failures(secondFactor)).isZero();

        throttle.success(secondFactor);
        assertThat(throttle.check(password).locked()).as("a second-factor success does not unlock passwords")
                .isTrue();
        assertThat(failures(password)).isEqualTo(10);
    }

    @Test
    void failureWhenSecondFactorsFailThenPasswordCounterUntouched() {
        String user = unique("carol");
        Subject password = Subject.account(Kind.PASSWORD, user);
        Subject secondFactor = Subject.account(Kind.SECOND_FACTOR, user);
        fail(password, 4);
        fail(secondFactor, 10);
        assertRefused(throttle.check(secondFactor), Duration.ofMinutes(15), true);
        assertThat(throttle.check(password)).isEqualTo(Verdict.ALLOWED);
        assertThat(failures(password)).isEqualTo(4);

        throttle.success(password);
        assertThat(failures(password)).isZero();
        assertThat(throttle.check(secondFactor).locked()).as("a password success does not unlock second factors")
                .isTrue();
        assertThat(failures(secondFactor)).isEqualTo(10);
    }

    @Test
    void failureWhenOneAddressSpraysManyAccountsThenAddressCounterSlowsItAlone() {
        String address = uniqueAddress();
        Subject from = Subject.address(Kind.PASSWORD, address);
        for (int i = 0; i < 20; i++) {
            Subject victim = Subject.account(Kind.PASSWORD, unique("victim" + i));
            throttle.failure(victim, from);
            assertThat(throttle.check(victim, from)).isEqualTo(Verdict.ALLOWED);
        }
        assertThat(failures(from)).isEqualTo(20);
        Subject next = Subject.account(Kind.PASSWORD, unique("victim20"));
        throttle.failure(next, from);
        assertRefused(throttle.check(from), Duration.ofSeconds(1), false);
        assertThat(throttle.check(next)).isEqualTo(Verdict.ALLOWED);
        assertRefused(throttle.check(next, from), Duration.ofSeconds(1), false);
        assertThat(throttle.check(Subject.address(Kind.SECOND_FACTOR, address))).isEqualTo(Verdict.ALLOWED);
        assertThat(throttle.check(Subject.address(Kind.PASSWORD, uniqueAddress()))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void failureWhenManyAddressesGuessOneAccountThenAccountCounterLocksIt() {
        Subject account = Subject.account(Kind.PASSWORD, unique("dave"));
        List<Subject> addresses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Subject from = Subject.address(Kind.PASSWORD, uniqueAddress());
            addresses.add(from);
            throttle.failure(account, from);
        }
        Verdict verdict = throttle.check(account);
        assertThat(verdict.locked()).isTrue();
        for (Subject from : addresses) {
            assertThat(throttle.check(from)).isEqualTo(Verdict.ALLOWED);
            assertThat(failures(from)).isOne();
        }
        Subject freshAddress = Subject.address(Kind.PASSWORD, uniqueAddress());
        assertThat(throttle.check(account, freshAddress).locked()).isTrue();
    }

    @Test
    void successWhenRecordedThenCounterStartsAgain() {
        Subject account = Subject.account(Kind.PASSWORD, unique("erin"));
        fail(account, 9);
        assertRefused(throttle.check(account), Duration.ofSeconds(8), false);
        throttle.success(account);
        assertThat(failures(account)).isZero();
        assertThat(throttle.check(account)).isEqualTo(Verdict.ALLOWED);
        fail(account, 5);
        assertThat(throttle.check(account)).isEqualTo(Verdict.ALLOWED);
        throttle.failure(account);
        assertRefused(throttle.check(account), Duration.ofSeconds(1), false);
    }

    @Test
    void failureWhenCounterIdleForTheWindowThenItStartsAfresh() {
        Subject kept = Subject.account(Kind.PASSWORD, unique("frank"));
        Subject expired = Subject.account(Kind.PASSWORD, unique("grace"));
        fail(kept, 7);
        fail(expired, 7);
        clock.advance(policy.window().minusSeconds(1));
        throttle.failure(kept);
        assertRefused(throttle.check(kept), Duration.ofSeconds(4), false);

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.check(expired)).isEqualTo(Verdict.ALLOWED);
        throttle.failure(expired);
        assertThat(failures(expired)).isOne();
        assertThat(throttle.check(expired)).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void purgeExpiredWhenRunThenDeletesIdleCountersOnly() {
        Subject idle = Subject.account(Kind.PASSWORD, unique("heidi"));
        Subject idleAddress = Subject.address(Kind.SECOND_FACTOR, uniqueAddress());
        throttle.failure(idle, idleAddress);
        clock.advance(policy.window().minusSeconds(1));
        Subject recent = Subject.account(Kind.PASSWORD, unique("ivan"));
        throttle.failure(recent);
        throttle.purgeExpired();
        assertThat(failures(idle)).isOne();
        assertThat(failures(idleAddress)).isOne();

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.purgeExpired()).isGreaterThanOrEqualTo(2);
        assertThat(failures(idle)).isZero();
        assertThat(failures(idleAddress)).isZero();
        assertThat(failures(recent)).isOne();
    }

    @Test
    void failureWhenConcurrentThenEveryFailureCounts() throws Exception {
        Subject account = Subject.account(Kind.PASSWORD, unique("judy"));
        Subject address = Subject.address(Kind.PASSWORD, uniqueAddress());
        int threads = 8;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // Half name the counters in the opposite order: the throttle must still not deadlock.
                Subject[] subjects = t % 2 == 0 ? new Subject[] {account, address} : new Subject[] {address, account};
                running.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        throttle.failure(subjects);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures(account)).isEqualTo(threads * rounds);
        assertThat(failures(address)).isEqualTo(threads * rounds);
        assertThat(throttle.check(account).locked()).isTrue();
    }

    @Test
    void failureWhenRecordedThenNoUsernameOrAddressInTheTable() throws Exception {
        String username = unique("mallory");
        String address = "203.0.113.77";
        throttle.failure(Subject.account(Kind.PASSWORD, username), Subject.address(Kind.PASSWORD, address),
                Subject.account(Kind.SECOND_FACTOR, username), Subject.address(Kind.SECOND_FACTOR, address));
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM signin_throttle").query().listOfRows();
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            for (Object value : row.values()) {
                assertThat(String.valueOf(value)).doesNotContain("mallory").doesNotContain("203.0.113")
                        .doesNotContain("example.com");
            }
            assertThat((String) row.get("counter_key")).matches("[0-9a-f]{64}");
        }
        List<String> keys = jdbc.sql("SELECT counter_key FROM signin_throttle").query(String.class).list();
        assertThat(keys).contains(SubjectTest.sha256Hex("PASSWORD|ACCOUNT|" + username),
                SubjectTest.sha256Hex("SECOND_FACTOR|ACCOUNT|" + username),
                SubjectTest.sha256Hex("PASSWORD|ADDRESS|" + address),
                SubjectTest.sha256Hex("SECOND_FACTOR|ADDRESS|" + address));
    }
}
