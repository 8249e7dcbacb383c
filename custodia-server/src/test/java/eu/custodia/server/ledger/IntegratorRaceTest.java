package eu.custodia.server.ledger;

import eu.custodia.server.platform.Ledger;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.ledger.internal.FileLedgerKeys;
import eu.custodia.server.ledger.internal.Integrator;
import eu.custodia.server.ledger.internal.LedgerStore;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.tiles.DirectoryTileStore;
import eu.custodia.tlog.tiles.EntryBundle;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TileId;
import eu.custodia.tlog.tiles.TileMath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Several integrators (the scheduled one plus two more, each on its own thread, as two nodes would be) race
 * on one database while writers commit events: the log never forks (every checkpoint ever signed is a
 * prefix of the final tree, sizes strictly increase) and every committed event is in it exactly once.
 */
@CustodiaTest
class IntegratorRaceTest {

    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

    @Autowired
    Ledger ledger;
    @Autowired
    LedgerKeys keys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JdbcTemplate jdbcTemplate;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    LedgerStore store;
    @Autowired
    FileLedgerKeys fileKeys;
    @Autowired
    Clock clock;

    @TempDir
    Path temp;

    @Test
    void integrateWhenTwoIntegratorsRaceThenNoForkAndEveryEntryExactlyOnce() throws Exception {
        TenantId tenant = TenantId.random();
        int writers = 3;
        int perWriter = 400;
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            Integrator integrator = new Integrator(store, jdbcTemplate, transactions, fileKeys, clock, 64, 4, 4);
            threads.add(new Thread(() -> {
                while (!stop.get()) {
                    try {
                        integrator.integrateAll();
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            }, "integrator-" + n));
        }
        List<Thread> writerThreads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            writerThreads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perWriter; i += 4) {
                        int from = i;
                        tx.executeWithoutResult(s -> {
                            for (int k = from; k < from + 4; k++) {
                                ledger.record(LedgerTestSupport.event(tenant, "w" + writer + "-" + k));
                            }
                        });
                    }
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }, "writer-" + w));
        }
        threads.addAll(writerThreads);
        threads.forEach(Thread::start);
        for (Thread t : writerThreads) {
            t.join();
        }
        int total = writers * perWriter;
        LedgerTestSupport.awaitSize(jdbc, tenant.value(), total, Duration.ofSeconds(60));
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(LedgerTestSupport.size(jdbc, tenant.value())).isEqualTo(total);

        LedgerTestSupport.export(jdbc, tenant.value(), temp);
        LedgerTestSupport.Verified v = LedgerTestSupport.verify(temp, keys.verifierKeyText());
        assertThat(v.code()).as(v.output()).isZero();

        TileHashReader finalTree = new TileHashReader(new DirectoryTileStore(temp), total);
        List<long[]> sizes = new ArrayList<>();
        List<byte[]> roots = new ArrayList<>();
        jdbc.sql("SELECT size, root FROM ledger_checkpoints WHERE log_id = ? ORDER BY created_at, size")
                .param(tenant.value()).query(rs -> {
                    sizes.add(new long[] {rs.getLong(1)});
                    roots.add(rs.getBytes(2));
                });
        assertThat(sizes).hasSizeGreaterThan(1);
        for (int i = 0; i < sizes.size(); i++) {
            long size = sizes.get(i)[0];
            if (i > 0) {
                assertThat(size).isGreaterThan(sizes.get(i - 1)[0]);
            }
            assertThat(MerkleTree.rootHash(finalTree, size)).as("checkpoint of size %d is a prefix", size)
                    .isEqualTo(roots.get(i));
        }

        Set<String> seen = new HashSet<>();
        long bundles = TileMath.fullTileCount(0, total);
        int rest = total % 256;
        for (long b = 0; b <= bundles; b++) {
            int width = b < bundles ? 256 : rest;
            if (width == 0) {
                continue;
            }
            for (byte[] entry : EntryBundle.decode(Files.readAllBytes(temp.resolve(TileId.entryBundle(b, width)
                    .path())), width)) {
                Matcher m = REQUEST_ID.matcher(new String(entry, StandardCharsets.UTF_8));
                assertThat(m.find()).isTrue();
                assertThat(seen.add(m.group(1))).as("entry %s appears once", m.group(1)).isTrue();
            }
        }
        assertThat(seen).hasSize(total);
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_pending WHERE log_id = ?").param(tenant.value())
                .query(Long.class).single()).isZero();
    }
}
