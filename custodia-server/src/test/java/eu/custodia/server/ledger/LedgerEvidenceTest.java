package eu.custodia.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.tlog.bundle.EvidenceBundleVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.RequiredSigners;
import eu.custodia.tlog.note.VerifierKey;
import eu.custodia.tlog.proof.TlogProof;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link LedgerEvidence} over a log of thousands of entries: more entry bundles than one query reads, a
 * partial last bundle, pending events after the checkpoint; the matches come with their exact indexes, their
 * proofs verify, a bundle of them verifies, and another log's entries never appear. The integrator is paused
 * (as in the access-transparency test, sharing its context) so the test decides what is integrated.
 */
@CustodiaTest
@TestPropertySource(properties = {"custodia.ledger.integrate-interval-ms=86400000",
        "custodia.test.context=access-transparency"})
class LedgerEvidenceTest {

    private static final int ENTRIES = 4_700;

    @Autowired
    Ledger ledger;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    LedgerEvidence evidence;
    @Autowired
    LedgerKeys keys;

    @TempDir
    Path dir;

    private void record(TenantId tenant, int from, int to) {
        tx.executeWithoutResult(s -> {
            for (int i = from; i < to; i++) {
                // Every seventh event is of the kind looked for; the others are decoys, some naming it in the
                // reason or target.
                String action = i % 7 == 0 ? "elevation.grant-used" : i % 3 == 0 ? "access.allowed" : "records.read";
                ledger.record(new LedgerEvent(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i), tenant,
                        LedgerEvent.Actor.SYSTEM, action, "thing/" + i, "success",
                        i % 5 == 0 ? "not \"action\":\"elevation.x\" but " + i : null, "req-" + i));
            }
        });
    }

    @Test
    void entriesWhenTheLogHoldsThousandsThenEveryMatchWithItsIndexAndProofAndPendingOnesLast() throws Exception {
        TenantId tenant = TenantId.random();
        TenantId other = TenantId.random();
        record(tenant, 0, ENTRIES);
        record(other, 0, 300);
        assertThat(evidence.integrate(tenant)).isEqualTo(ENTRIES);
        evidence.integrate(other);
        record(tenant, ENTRIES, ENTRIES + 20);

        LedgerEvidence.Listing listing = evidence.entries(tenant, "elevation.");
        assertThat(listing.head().size()).isEqualTo(ENTRIES);
        List<LedgerEvidence.Entry> integrated = listing.entries().stream().filter(e -> !e.pending()).toList();
        assertThat(integrated).hasSize((ENTRIES + 6) / 7);
        for (LedgerEvidence.Entry e : integrated) {
            // Entries were integrated in the order they were recorded: index i is event i.
            assertThat(e.event().target()).isEqualTo("thing/" + e.index());
            assertThat(e.event().action()).isEqualTo("elevation.grant-used");
            assertThat(e.event().tenant()).isEqualTo(tenant);
        }
        assertThat(listing.entries().stream().filter(LedgerEvidence.Entry::pending)
                .map(e -> e.event().target()).toList()).containsExactly("thing/4704", "thing/4711", "thing/4718");
        assertThat(listing.pending()).isEqualTo(3);

        List<Long> sample = List.of(0L, 7L, 4102L, integrated.get(integrated.size() - 1).index());
        Map<Long, byte[]> proofs = evidence.inclusionProofs(listing, sample);
        NoteVerifiers trusted = NoteVerifiers.of(keys.verifierKey().verifier());
        for (Long index : sample) {
            byte[] raw = integrated.stream().filter(e -> e.index().equals(index)).findFirst().orElseThrow().raw();
            TlogProof.parse(proofs.get(index)).verify(Rfc9162.leafHash(raw), listing.origin(), trusted);
        }
        assertThatThrownBy(() -> evidence.inclusionProofs(listing, List.of((long) ENTRIES)))
                .isInstanceOf(IllegalArgumentException.class);

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        evidence.writeBundle(listing, integrated, Instant.parse("2026-11-24T00:00:00Z"), zip);
        Path file = Files.write(dir.resolve("bundle.zip"), zip.toByteArray());
        assertThat(EvidenceBundleVerifier.verify(file, new RequiredSigners(List.of(
                VerifierKey.parse(keys.verifierKeyText()).verifier()))).entries()).isEqualTo(integrated.size());
        assertThatThrownBy(() -> evidence.writeBundle(listing, listing.entries(), Instant.now(),
                new ByteArrayOutputStream())).isInstanceOf(IllegalArgumentException.class);

        LedgerEvidence.Listing others = evidence.entries(other, "elevation.");
        assertThat(others.entries()).hasSize((300 + 6) / 7).allMatch(e -> other.equals(e.event().tenant()));
        assertThat(evidence.entries(TenantId.random(), "elevation.").head()).isNull();
    }
}
