package eu.custodia.server.identity.internal.throttle;

import eu.custodia.server.platform.SqlInstants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brute-force throttling of sign-in, on the {@code signin_throttle} table: per account and per client address,
 * with separate counters for passwords and for second factors ({@link Subject}), growing delays and a lockout
 * ({@link ThrottlePolicy}).
 *
 * <p>A sign-in step {@link #check checks} the account counter and the address counter before it verifies the
 * credential, refuses with the {@link Verdict}'s message when either says wait, and afterwards records the
 * outcome: {@link #failure} on both counters, {@link #success} on the account counter. Unknown usernames go
 * through exactly the same calls (with the dummy password verification), so neither the verdicts nor their
 * timing tell which usernames exist.
 *
 * <p>Only SHA-256 keys of the counters are stored ({@link Subject#key()}), with the failure count, the last
 * failure and the end of the current wait. A counter whose last failure is older than the policy's window is
 * treated as new, and {@link #purgeExpired()} deletes such rows every ten minutes.
 *
 * <p>Failures are counted with one atomic upsert per counter, so parallel failures all count, on SQLite and
 * on PostgreSQL. Between a {@code check} and the {@code failure} that follows it, other attempts may pass the
 * same check: the counter still counts them all, and the next check sees every one.
 */
@Component
public final class SignInThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SqlInstants instants;
    private final ThrottlePolicy policy;
    private final TransactionTemplate tx;

    public SignInThrottle(JdbcClient jdbc, Clock clock, SqlInstants instants, ThrottlePolicy policy,
            TransactionTemplate tx) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instants = Objects.requireNonNull(instants, "instants");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.tx = Objects.requireNonNull(tx, "tx");
    }

    /** The policy in force. */
    public ThrottlePolicy policy() {
        return policy;
    }

    /**
     * Whether an attempt on this counter may proceed now; call it before verifying the credential.
     */
    public Verdict check(Subject subject) {
        Objects.requireNonNull(subject, "subject");
        Instant now = clock.instant();
        Optional<Row> row = jdbc.sql("""
                SELECT failures, last_failure_at, blocked_until FROM signin_throttle WHERE counter_key = :key""")
                .param("key", subject.key())
                .query((rs, n) -> new Row(rs.getLong("failures"), instants.read(rs, "last_failure_at"),
                        instants.read(rs, "blocked_until")))
                .optional();
        if (row.isEmpty() || expired(row.get().lastFailureAt(), now)) {
            return Verdict.ALLOWED;
        }
        Instant blockedUntil = row.get().blockedUntil();
        if (blockedUntil == null || !blockedUntil.isAfter(now)) {
            return Verdict.ALLOWED;
        }
        return Verdict.refused(Duration.between(now, blockedUntil), policy.locksOut(subject.scope(),
                row.get().failures()));
    }

    /**
     * The stricter verdict of several counters (typically the account's and the address's): refused if any
     * refuses, for the longest wait, and locked if any is locked.
     */
    public Verdict check(Subject... subjects) {
        Verdict verdict = Verdict.ALLOWED;
        for (Subject subject : subjects) {
            verdict = verdict.and(check(subject));
        }
        return verdict;
    }

    /**
     * Records one failed attempt on each counter, in one transaction: the count goes up by one (from zero if
     * the counter had expired) and the next attempt must wait {@link ThrottlePolicy#delayAfter}. Call it
     * outside any transaction of the caller's, or from one that commits: a rolled-back failure is not counted.
     */
    public void failure(Subject... subjects) {
        Subject[] ordered = ordered(subjects);
        Instant now = clock.instant();
        Object boundNow = instants.bind(now);
        Object stale = instants.bind(now.minus(policy.window()));
        tx.executeWithoutResult(status -> {
            for (Subject subject : ordered) {
                String key = subject.key();
                // One statement per counter, so concurrent failures serialise on the row and all count.
                jdbc.sql("""
                        INSERT INTO signin_throttle (counter_key, failures, last_failure_at)
                        VALUES (:key, 1, :now)
                        ON CONFLICT (counter_key) DO UPDATE SET
                            failures = CASE WHEN signin_throttle.last_failure_at <= :stale THEN 1
                                            ELSE signin_throttle.failures + 1 END,
                            blocked_until = CASE WHEN signin_throttle.last_failure_at <= :stale THEN NULL
                                                 ELSE signin_throttle.blocked_until END,
                            last_failure_at = excluded.last_failure_at""")
                        .param("key", key).param("now", boundNow).param("stale", stale)
                        .update();
                long failures = jdbc.sql("SELECT failures FROM signin_throttle WHERE counter_key = :key")
                        .param("key", key).query(Long.class).single();
                Duration delay = policy.delayAfter(subject.scope(), failures);
                if (!delay.isZero()) {
                    jdbc.sql("UPDATE signin_throttle SET blocked_until = :until WHERE counter_key = :key")
                            .param("until", instants.bind(now.plus(delay))).param("key", key)
                            .update();
                }
            }
        });
    }

    /**
     * Resets each counter after a successful attempt. Reset the account's counter; an address's counter is
     * better left to expire, since resetting it on success lets an attacker holding one valid account clear it
     * by signing in between guesses.
     */
    public void success(Subject... subjects) {
        Subject[] ordered = ordered(subjects);
        tx.executeWithoutResult(status -> {
            for (Subject subject : ordered) {
                jdbc.sql("DELETE FROM signin_throttle WHERE counter_key = :key").param("key", subject.key()).update();
            }
        });
    }

    /** Deletes the counters idle for longer than the window; returns how many. */
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM signin_throttle WHERE last_failure_at <= :stale")
                .param("stale", instants.bind(clock.instant().minus(policy.window())))
                .update();
    }

    /** Runs {@link #purgeExpired()} every ten minutes. */
    @Scheduled(initialDelay = 10, fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
    void purgeOnSchedule() {
        purgeExpired();
    }

    private boolean expired(Instant lastFailureAt, Instant now) {
        return !lastFailureAt.isAfter(now.minus(policy.window()));
    }

    /** The subjects in key order, so transactions touching several counters lock them in the same order. */
    private static Subject[] ordered(Subject... subjects) {
        Subject[] copy = subjects.clone();
        for (Subject s : copy) {
            Objects.requireNonNull(s, "subject");
        }
        Arrays.sort(copy, Comparator.comparing(Subject::key));
        return copy;
    }

    private record Row(long failures, Instant lastFailureAt, Instant blockedUntil) {
    }
}
