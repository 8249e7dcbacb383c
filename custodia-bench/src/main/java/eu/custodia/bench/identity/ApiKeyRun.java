package eu.custodia.bench.identity;

import eu.custodia.bench.ledger.Percentiles;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.SqlInstants;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Latency of {@link ApiKeys#authenticate} with many keys in the store, called in this thread one at a time.
 *
 * <p>The keys are inserted straight into {@code api_keys}, in one transaction, in the form the server writes
 * ({@link KeyMaterial}), each owned by one of the benchmark's accounts (active, with TOTP), as a key made
 * through the API is; they are not ledgered, since authentication never reads the ledger. A few are kept
 * never used ({@code last_used_at} null) for the first-use measurement; the rest are stamped as used just
 * now.
 *
 * <p>{@code authenticate} records a key's last use at most once a minute: the first call for a key in a
 * minute is a write (an autocommitted {@code UPDATE}), every other call only reads. The main measurement is
 * of the reading path, the common case: before each round of calls the benchmark re-stamps every used key
 * (untimed) when the last stamp is more than {@link #RESTAMP_AFTER} old, so within a round every key was
 * used less than a minute ago, and after each round it checks that no call wrote. The first call for a
 * key is measured apart, on the keys never used.
 *
 * <p>Calls mix valid tokens of uniformly random keys with well-formed tokens of unknown keys and tokens of
 * existing keys with one character of the secret changed, in random order; each kind is reported apart.
 */
final class ApiKeyRun {

    /** Share of calls with an unknown key id, and share with a tampered secret. */
    static final double UNKNOWN_SHARE = 0.05;
    static final double TAMPERED_SHARE = 0.05;
    static final int ROUND = 5_000;
    static final Duration RESTAMP_AFTER = Duration.ofSeconds(30);
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final String ROLE = Roles.PLATFORM_AUDITOR;

    /**
     * What a run gave; latencies in microseconds.
     *
     * @param keys keys in the store
     * @param valid calls with a valid token of a key used within the minute
     * @param unknown calls with an unknown key id
     * @param tampered calls with an existing key id and a wrong secret
     * @param refused the unknown and the tampered calls together
     * @param firstUse calls with a valid token of a key never used before (each writes {@code last_used_at})
     * @param warmup untimed calls before measuring
     * @param wrong calls whose answer was not the expected one (a valid key refused, or a bad one accepted)
     * @param restamps how often the used keys were re-stamped
     * @param wrote measured reading calls that nonetheless wrote {@code last_used_at} (expected 0)
     * @param insertSeconds time to insert the keys
     * @param seconds time of the whole run
     */
    record Result(int keys, Percentiles valid, Percentiles unknown, Percentiles tampered, Percentiles refused,
            Percentiles firstUse, int warmup, int wrong, int restamps, long wrote, double insertSeconds, double seconds) {
    }

    private final ApiKeys apiKeys;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final SqlInstants instants;
    private final Clock clock;
    private final PrintStream log;
    private Instant stamp;
    private int restamps;

    ApiKeyRun(ApiKeys apiKeys, DataSource dataSource, JdbcClient jdbc, SqlInstants instants, Clock clock,
            PrintStream log) {
        this.apiKeys = apiKeys;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.instants = instants;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Inserts {@code keyCount} keys owned by {@code owners}, of which {@code firstUseKeys} are never used, and
     * measures.
     */
    Result run(List<String> owners, int keyCount, int firstUseKeys, int warmupCalls, int measuredCalls)
            throws SQLException {
        long t0 = System.nanoTime();
        SecureRandom secure = new SecureRandom();
        List<KeyMaterial.Key> used = new ArrayList<>(keyCount - firstUseKeys);
        List<KeyMaterial.Key> fresh = new ArrayList<>(firstUseKeys);
        for (int i = 0; i < keyCount; i++) {
            (i < firstUseKeys ? fresh : used).add(KeyMaterial.generate(secure));
        }
        log.printf(Locale.ROOT, "identity: inserting %,d API keys%n", keyCount);
        stamp = clock.instant();
        insert(owners, used, stamp);
        insert(owners, fresh, null);
        long count = jdbc.sql("SELECT count(*) FROM api_keys").query(Long.class).single();
        if (count < keyCount) {
            throw new IllegalStateException("api_keys holds " + count + " rows, expected at least " + keyCount);
        }
        double insertSeconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "identity: %,d keys inserted in %.1f s; warming up with %,d calls%n", keyCount,
                insertSeconds, warmupCalls);

        SplittableRandom random = new SplittableRandom(20261124L);
        Samples warm = new Samples(warmupCalls);
        int wrong = calls(used, warmupCalls, random, warm, secure);
        log.printf(Locale.ROOT, "identity: measuring %,d calls%n", measuredCalls);
        Samples measured = new Samples(measuredCalls);
        wrong += calls(used, measuredCalls, random, measured, secure);
        long wrote = measured.wrote;

        log.printf(Locale.ROOT, "identity: first use of %,d keys%n", fresh.size());
        double[] firstUse = new double[fresh.size()];
        for (int i = 0; i < fresh.size(); i++) {
            long start = System.nanoTime();
            Optional<Caller> caller = apiKeys.authenticate(fresh.get(i).token());
            firstUse[i] = (System.nanoTime() - start) / 1e3;
            if (caller.isEmpty()) {
                wrong++;
            }
        }
        long neverWritten = jdbc.sql("SELECT count(*) FROM api_keys WHERE last_used_at IS NULL")
                .query(Long.class).single();
        if (neverWritten > 0) {
            throw new IllegalStateException(neverWritten + " keys used for the first time did not record it");
        }
        return new Result(keyCount, measured.of(Kind.VALID), measured.of(Kind.UNKNOWN), measured.of(Kind.TAMPERED),
                measured.of(Kind.UNKNOWN, Kind.TAMPERED), Percentiles.of(firstUse), warmupCalls, wrong, restamps, wrote, insertSeconds,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The kind of token of one call. */
    enum Kind {
        VALID, UNKNOWN, TAMPERED
    }

    /** Latencies of one phase, by kind. */
    private static final class Samples {
        final double[][] micros = new double[Kind.values().length][];
        final int[] counts = new int[Kind.values().length];
        long wrote;

        Samples(int capacity) {
            for (int k = 0; k < micros.length; k++) {
                micros[k] = new double[capacity];
            }
        }

        void add(Kind kind, double us) {
            micros[kind.ordinal()][counts[kind.ordinal()]++] = us;
        }

        Percentiles of(Kind... kinds) {
            int n = 0;
            for (Kind k : kinds) {
                n += counts[k.ordinal()];
            }
            double[] some = new double[n];
            int at = 0;
            for (Kind k : kinds) {
                System.arraycopy(micros[k.ordinal()], 0, some, at, counts[k.ordinal()]);
                at += counts[k.ordinal()];
            }
            return Percentiles.of(some);
        }
    }

    /** Makes {@code n} calls in rounds; returns how many answered wrongly. */
    private int calls(List<KeyMaterial.Key> keys, int n, SplittableRandom random, Samples into,
            SecureRandom secure) {
        int wrong = 0;
        for (int done = 0; done < n; ) {
            int round = Math.min(ROUND, n - done);
            Instant now = clock.instant();
            if (Duration.between(stamp, now).compareTo(RESTAMP_AFTER) > 0) {
                restamp(now);
            }
            // Tokens are made before the round so that making them is not timed.
            String[] tokens = new String[round];
            Kind[] kinds = new Kind[round];
            for (int i = 0; i < round; i++) {
                double u = random.nextDouble();
                KeyMaterial.Key key = keys.get(random.nextInt(keys.size()));
                if (u < UNKNOWN_SHARE) {
                    kinds[i] = Kind.UNKNOWN;
                    tokens[i] = KeyMaterial.generate(secure).token();
                } else if (u < UNKNOWN_SHARE + TAMPERED_SHARE) {
                    kinds[i] = Kind.TAMPERED;
                    tokens[i] = KeyMaterial.tampered(key, random);
                } else {
                    kinds[i] = Kind.VALID;
                    tokens[i] = key.token();
                }
            }
            long before = writtenSinceStamp();
            for (int i = 0; i < round; i++) {
                long start = System.nanoTime();
                Optional<Caller> caller = apiKeys.authenticate(tokens[i]);
                long nanos = System.nanoTime() - start;
                into.add(kinds[i], nanos / 1e3);
                if (caller.isPresent() != (kinds[i] == Kind.VALID)) {
                    wrong++;
                }
            }
            if (Duration.between(stamp, clock.instant()).compareTo(LAST_USED_GRANULARITY) >= 0) {
                throw new IllegalStateException("a round of " + round + " calls outlasted the minute of last use");
            }
            into.wrote += writtenSinceStamp() - before;
            done += round;
        }
        return wrong;
    }

    /** Returns how many keys recorded a use after the last stamp. */
    private long writtenSinceStamp() {
        return jdbc.sql("SELECT count(*) FROM api_keys WHERE last_used_at > :stamp")
                .param("stamp", instants.bind(stamp)).query(Long.class).single();
    }

    /** Records every used key as used at {@code now} (what {@code authenticate} writes), untimed. */
    private void restamp(Instant now) {
        // Any key a call stamped after the last restamp is already later than it; stamping them all again
        // makes "written after the stamp" mean "written by a call in this round".
        jdbc.sql("UPDATE api_keys SET last_used_at = :now WHERE last_used_at IS NOT NULL")
                .param("now", instants.bind(now)).update();
        stamp = now;
        restamps++;
    }

    private void insert(List<String> owners, List<KeyMaterial.Key> keys, Instant lastUsed) throws SQLException {
        Object created = instants.bind(clock.instant());
        Object usedAt = instants.bind(lastUsed);
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO api_keys (id, secret_hash, roles, tenant, description, created_at, created_by,
                        owner_id, step_up, last_used_at)
                    VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < keys.size(); i++) {
                    KeyMaterial.Key key = keys.get(i);
                    String owner = owners.get(i % owners.size());
                    insert.setString(1, key.id());
                    insert.setString(2, key.secretHash());
                    insert.setString(3, ROLE);
                    insert.setString(4, "identity benchmark key " + i);
                    insert.setObject(5, created);
                    insert.setString(6, owner);
                    insert.setString(7, owner);
                    insert.setBoolean(8, false);
                    if (usedAt == null) {
                        insert.setNull(9, Types.VARCHAR);
                    } else {
                        insert.setObject(9, usedAt);
                    }
                    insert.addBatch();
                    if ((i + 1) % 1_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
