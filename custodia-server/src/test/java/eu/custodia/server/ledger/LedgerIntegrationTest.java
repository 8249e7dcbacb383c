package eu.custodia.server.ledger;

import eu.custodia.server.platform.Ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.ledger.internal.FileLedgerKeys;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.tiles.EntryBundle;
import eu.custodia.tlog.tiles.TileId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@CustodiaTest
class LedgerIntegrationTest {

    @Autowired
    Ledger ledger;
    @Autowired
    LedgerKeys keys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    CustodiaProperties properties;

    @TempDir
    Path temp;

    @Test
    void recordWhenInTransactionThenIntegratedWithinTwoSecondsAndCheckpointVerifies() throws Exception {
        TenantId tenant = TenantId.random();
        tx.executeWithoutResult(s -> {
            ledger.record(LedgerTestSupport.event(tenant, "req-a"));
            ledger.record(LedgerTestSupport.event(tenant, "req-b"));
        });
        Duration took = LedgerTestSupport.awaitSize(jdbc, tenant.value(), 2, Duration.ofSeconds(5));
        assertThat(took).isLessThan(Duration.ofSeconds(2));

        byte[] note = LedgerTestSupport.checkpoint(jdbc, tenant.value());
        SignedCheckpoint cp = SignedCheckpoint.open(note, properties.origin() + "/tenants/" + tenant.value(),
                NoteVerifiers.of(keys.verifierKey().verifier()));
        assertThat(cp.checkpoint().size()).isEqualTo(2);

        LedgerTestSupport.export(jdbc, tenant.value(), temp);
        LedgerTestSupport.Verified v = LedgerTestSupport.verify(temp, keys.verifierKeyText());
        assertThat(v.code()).as(v.output()).isZero();

        List<byte[]> entries = EntryBundle.decode(Files.readAllBytes(temp.resolve(TileId.entryBundle(0, 2).path())));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)[0]).isEqualTo((byte) 0x01);
        assertThat(new String(entries.get(0), StandardCharsets.UTF_8)).contains("\"requestId\":\"req-a\"");
        assertThat(new String(entries.get(1), StandardCharsets.UTF_8)).contains("\"requestId\":\"req-b\"");
    }

    @Test
    void verifyWhenAnEntryIsAlteredInTheCopyThenVerificationFails() throws Exception {
        TenantId tenant = TenantId.random();
        tx.executeWithoutResult(s -> ledger.record(LedgerTestSupport.event(tenant, "req-x")));
        LedgerTestSupport.awaitSize(jdbc, tenant.value(), 1, Duration.ofSeconds(5));
        LedgerTestSupport.export(jdbc, tenant.value(), temp);
        Path bundle = temp.resolve(TileId.entryBundle(0, 1).path());
        byte[] b = Files.readAllBytes(bundle);
        b[b.length - 3] ^= 0x01;
        Files.write(bundle, b);
        assertThat(LedgerTestSupport.verify(temp, keys.verifierKeyText()).code()).isNotZero();
    }

    @Test
    void verifyWhenCheckpointCheckedWithAnotherKeyThenFails() throws Exception {
        TenantId tenant = TenantId.random();
        tx.executeWithoutResult(s -> ledger.record(LedgerTestSupport.event(tenant, "req-k")));
        LedgerTestSupport.awaitSize(jdbc, tenant.value(), 1, Duration.ofSeconds(5));
        LedgerTestSupport.export(jdbc, tenant.value(), temp);
        String otherKey = eu.custodia.tlog.note.Ed25519NoteSigner.generate(properties.origin(),
                new java.security.SecureRandom()).verifierKey().encode();
        assertThat(LedgerTestSupport.verify(temp, otherKey).code()).isNotZero();
    }

    @Test
    void recordWhenNoTransactionThenIllegalStateAndNothingPending() {
        long before = LedgerTestSupport.pending(jdbc).orElse(0L);
        assertThatThrownBy(() -> ledger.record(LedgerTestSupport.event(TenantId.random(), "req-none")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
        assertThat(LedgerTestSupport.pending(jdbc).orElse(0L)).isLessThanOrEqualTo(before);
    }

    @Test
    void recordWhenTransactionRollsBackThenNoEntryEver() throws Exception {
        TenantId rolledBack = TenantId.random();
        TenantId committed = TenantId.random();
        tx.executeWithoutResult(s -> {
            ledger.record(LedgerTestSupport.event(rolledBack, "req-rb"));
            s.setRollbackOnly();
        });
        tx.executeWithoutResult(s -> ledger.record(LedgerTestSupport.event(committed, "req-ok")));
        LedgerTestSupport.awaitSize(jdbc, committed.value(), 1, Duration.ofSeconds(5));
        Thread.sleep(500);
        assertThat(LedgerTestSupport.size(jdbc, rolledBack.value())).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_pending WHERE log_id = ?").param(rolledBack.value())
                .query(Long.class).single()).isZero();
    }

    @Test
    void recordWhenTenantAndPlatformEventsThenEachGoesToItsOwnLog() throws Exception {
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();
        long platformBefore = LedgerTestSupport.size(jdbc, "platform");
        tx.executeWithoutResult(s -> {
            ledger.record(LedgerTestSupport.event(a, "req-1"));
            ledger.record(LedgerTestSupport.event(null, "req-2"));
            ledger.record(LedgerTestSupport.event(b, "req-3"));
            ledger.record(LedgerTestSupport.event(a, "req-4"));
        });
        LedgerTestSupport.awaitSize(jdbc, a.value(), 2, Duration.ofSeconds(5));
        LedgerTestSupport.awaitSize(jdbc, b.value(), 1, Duration.ofSeconds(5));
        LedgerTestSupport.awaitSize(jdbc, "platform", platformBefore + 1, Duration.ofSeconds(5));
        assertThat(LedgerTestSupport.size(jdbc, a.value())).isEqualTo(2);
        String origin = new String(LedgerTestSupport.checkpoint(jdbc, "platform"), StandardCharsets.UTF_8)
                .lines().findFirst().orElseThrow();
        assertThat(origin).isEqualTo(properties.origin() + "/platform");
    }

    @Test
    void recordWhenManyEventsAcrossTilesThenWholeLogVerifies() throws Exception {
        TenantId tenant = TenantId.random();
        int total = 0;
        for (int round = 0; round < 5; round++) {
            int n = 150 + round * 37;
            int from = total;
            tx.executeWithoutResult(s -> {
                for (int i = 0; i < n; i++) {
                    ledger.record(LedgerTestSupport.event(tenant, "req-" + (from + i)));
                }
            });
            total += n;
            LedgerTestSupport.awaitSize(jdbc, tenant.value(), total, Duration.ofSeconds(10));
        }
        LedgerTestSupport.export(jdbc, tenant.value(), temp);
        LedgerTestSupport.Verified v = LedgerTestSupport.verify(temp, keys.verifierKeyText());
        assertThat(v.code()).as(v.output()).isZero();
        List<Long> sizes = new ArrayList<>(jdbc.sql("SELECT size FROM ledger_checkpoints WHERE log_id = ? ORDER BY size")
                .param(tenant.value()).query(Long.class).list());
        assertThat(sizes).isSorted().doesNotHaveDuplicates().last().isEqualTo((long) total);
        long partialsOfFullTiles = jdbc.sql("SELECT count(*) FROM ledger_tiles p WHERE p.log_id = ? AND p.width < 256"
                + " AND EXISTS (SELECT 1 FROM ledger_tiles f WHERE f.log_id = p.log_id AND f.level = p.level"
                + " AND f.idx = p.idx AND f.width = 256)").param(tenant.value()).query(Long.class).single();
        assertThat(partialsOfFullTiles).isZero();
    }

    @Test
    void signingKeyWhenCreatedThenOwnerOnlyFileNamedAfterOrigin() throws Exception {
        Path file = properties.dataDir().resolve(FileLedgerKeys.FILE_NAME);
        assertThat(keys.keyLocation().kind()).isEqualTo(LedgerKeys.KeyLocation.Kind.PLAIN_FILE);
        assertThat(keys.keyLocation().where()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(keys.verifierKey().name()).isEqualTo(properties.origin());
        assertThat(Files.readString(file)).startsWith("PRIVATE+KEY+" + properties.origin() + "+");
    }
}
