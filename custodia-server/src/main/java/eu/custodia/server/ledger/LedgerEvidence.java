package eu.custodia.server.ledger;

import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evidence from a tenant's log for the tenant itself: its entries of one kind with their ledger indexes, RFC
 * 9162 inclusion proofs as C2SP <a href="https://c2sp.org/tlog-proof">tlog-proof</a> files, and evidence
 * bundles ({@code docs/evidence-bundle.md}) that {@code custodia-verify bundle} checks offline.
 *
 * <p>Events are written in the business transaction and integrated into the Merkle tree later (the ledger's
 * integrator, within about a second). A listing therefore holds the entries integrated up to one signed
 * checkpoint, each with its index, and after them the matching events still waiting, without an index: they
 * are real and committed, but nothing can prove them yet. Proofs and bundles are always made against the
 * listing's own checkpoint, so everything handed out from one listing refers to one tree head.
 *
 * <p>Callers authorize first: this interface reads any tenant's log it is asked for.
 */
public interface LedgerEvidence {

    /**
     * Lists the entries of {@code tenant}'s log whose action starts with {@code actionPrefix}: the integrated
     * ones up to the current checkpoint in index order, then the pending ones in the order they were recorded.
     * Reads the log's entry bundles a few at a time (memory bounded by the matches, not by the log).
     */
    Listing entries(TenantId tenant, String actionPrefix);

    /**
     * Returns the C2SP tlog-proof ({@code c2sp.org/tlog-proof@v1}) of each given index against the listing's
     * checkpoint, by index.
     *
     * @throws IllegalArgumentException if an index is not below the listing's tree size
     */
    Map<Long, byte[]> inclusionProofs(Listing listing, List<Long> indexes);

    /**
     * Writes an evidence bundle (version 1) of the given integrated entries of the listing, with the
     * listing's checkpoint, the manifest signed by the log's key and dated {@code created}.
     *
     * @throws IllegalArgumentException if an entry is pending or the listing has no checkpoint
     */
    void writeBundle(Listing listing, List<Entry> entries, Instant created, OutputStream out) throws IOException;

    /**
     * Integrates the tenant's pending events now, as the scheduled integrator would, unless another node or
     * thread is doing it; returns how many were integrated by this call.
     */
    int integrate(TenantId tenant);

    /**
     * What a tenant's log holds of one kind, as of one checkpoint.
     *
     * @param tenant the tenant
     * @param logId the log's id in {@code /logs/{logId}/}
     * @param origin the log's C2SP checkpoint origin
     * @param verifierKey the C2SP signed-note verifier key of the log's key
     * @param head the checkpoint the indexes refer to; {@code null} if nothing was integrated yet
     * @param entries the matching entries, integrated first
     */
    record Listing(TenantId tenant, String logId, String origin, String verifierKey, Head head,
            List<Entry> entries) {

        public Listing {
            Objects.requireNonNull(tenant, "tenant");
            entries = List.copyOf(entries);
        }

        /** How many of the entries are not integrated yet. */
        public long pending() {
            return entries.stream().filter(Entry::pending).count();
        }
    }

    /**
     * A signed tree head.
     *
     * @param size the tree size
     * @param checkpoint the C2SP tlog-checkpoint signed note, as served at {@code /logs/{logId}/checkpoint}
     */
    record Head(long size, byte[] checkpoint) {

        public Head {
            checkpoint = checkpoint.clone();
        }

        @Override
        public byte[] checkpoint() {
            return checkpoint.clone();
        }
    }

    /**
     * One entry.
     *
     * @param index its ledger index (RFC 9162 leaf index), {@code null} while it waits for integration
     * @param event the decoded event
     * @param raw the entry's exact bytes (version byte and RFC 8785 JSON), which the leaf hash covers
     */
    record Entry(Long index, LedgerEvent event, byte[] raw) {

        public Entry {
            Objects.requireNonNull(event, "event");
            raw = raw.clone();
        }

        @Override
        public byte[] raw() {
            return raw.clone();
        }

        /** Whether the entry still waits for integration (no index, no proof yet). */
        public boolean pending() {
            return index == null;
        }
    }
}
