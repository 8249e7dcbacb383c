package eu.custodia.server.ledger.internal;

import eu.custodia.server.ledger.LedgerEvidence;
import eu.custodia.server.platform.TenantId;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.bundle.EvidenceBundleWriter;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.note.SignedNote;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.proof.TlogProof;
import eu.custodia.tlog.tiles.EntryBundle;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TileId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * {@link LedgerEvidence} over the ledger tables. The entries live only in the log's C2SP tlog-tiles entry
 * bundles ({@code ledger_tiles}, level -1, 256 entries each) and, until integrated, in {@code ledger_pending};
 * a listing reads the bundles {@value #BUNDLES_PER_QUERY} at a time by primary key and decodes only the
 * entries whose bytes hold the action prefix (the RFC 8785 JSON of an entry always spells it
 * {@code "action":"<action>"}), so a log of N entries costs N/256 bundle reads and a byte scan: no index is
 * needed for logs of many thousands of entries. Proofs are RFC 9162 §2.1.3 inclusion proofs over the log's
 * hash tiles, all through one tile reader, against the listing's checkpoint.
 *
 * <p>Pending events are read before the head, so an event integrated meanwhile is listed with its index
 * (and not also as pending): none is ever missed.
 */
@Component
final class JdbcLedgerEvidence implements LedgerEvidence {

    /** Entry bundles read per query: at most 16 × 256 entries (a few MiB) in memory at once. */
    static final int BUNDLES_PER_QUERY = 16;

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9.-]{0,127}");
    private static final int MAX_INTEGRATION_ROUNDS = 64;

    private final LedgerStore store;
    private final FileLedgerKeys keys;
    private final Integrator integrator;

    JdbcLedgerEvidence(LedgerStore store, FileLedgerKeys keys, Integrator integrator) {
        this.store = store;
        this.keys = keys;
        this.integrator = integrator;
    }

    @Override
    public Listing entries(TenantId tenant, String actionPrefix) {
        if (actionPrefix == null || !PREFIX.matcher(actionPrefix).matches()) {
            throw new IllegalArgumentException("an action prefix is lower-case words, digits, dots and dashes");
        }
        LogRef log = LogRef.of(tenant, store.baseOrigin());
        byte[] needle = ("\"action\":\"" + actionPrefix).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> pending = new ArrayList<>();
        store.jdbc().sql("SELECT entry FROM ledger_pending WHERE log_id = ? ORDER BY id").param(log.logId())
                .query(rs -> {
                    byte[] entry = rs.getBytes(1);
                    if (contains(entry, needle)) {
                        pending.add(entry);
                    }
                });
        LedgerStore.Head stored = store.head(log).orElse(null);
        List<Entry> entries = new ArrayList<>();
        Set<ByteBuffer> integrated = new HashSet<>();
        if (stored != null) {
            scan(log, stored.size(), needle, actionPrefix, entries);
            entries.forEach(e -> integrated.add(ByteBuffer.wrap(e.raw())));
        }
        for (byte[] entry : pending) {
            if (!integrated.contains(ByteBuffer.wrap(entry))) {
                EntryDecoder.Decoded d = EntryDecoder.decode(entry);
                if (d.event().action().startsWith(actionPrefix)) {
                    entries.add(new Entry(null, d.event(), entry));
                }
            }
        }
        Head head = stored == null ? null : new Head(stored.size(), stored.checkpoint());
        return new Listing(tenant, log.logId(), log.origin(), keys.verifierKeyText(), head, entries);
    }

    /** Adds the matching entries of the first {@code size} entries of {@code log}, in index order. */
    private void scan(LogRef log, long size, byte[] needle, String prefix, List<Entry> out) {
        long bundles = (size + TileId.FULL_WIDTH - 1) / TileId.FULL_WIDTH;
        long last = size / TileId.FULL_WIDTH;
        int lastWidth = (int) (size % TileId.FULL_WIDTH);
        for (long from = 0; from < bundles; from += BUNDLES_PER_QUERY) {
            long to = Math.min(bundles, from + BUNDLES_PER_QUERY);
            // Full bundles, and the partial one of this size if the chunk reaches it (or its full successor,
            // should the integrator have completed it meanwhile: its first entries are the same).
            Map<Long, byte[]> chosen = new LinkedHashMap<>();
            Map<Long, Integer> widths = new HashMap<>();
            store.jdbc().sql("SELECT idx, width, data FROM ledger_tiles WHERE log_id = ? AND level = ? AND idx >= ?"
                    + " AND idx < ? AND (width = ? OR (idx = ? AND width = ?)) ORDER BY idx, width")
                    .params(log.logId(), TileId.ENTRIES, from, to, TileId.FULL_WIDTH, last, lastWidth)
                    .query(rs -> {
                        long idx = rs.getLong(1);
                        int width = rs.getInt(2);
                        boolean wanted = idx == last && lastWidth > 0 ? !chosen.containsKey(idx) || width == lastWidth
                                : width == TileId.FULL_WIDTH;
                        if (wanted) {
                            chosen.put(idx, rs.getBytes(3));
                            widths.put(idx, width);
                        }
                    });
            for (long idx = from; idx < to; idx++) {
                byte[] bundle = chosen.get(idx);
                if (bundle == null) {
                    throw new IllegalStateException("log " + log.logId() + " has no entry bundle " + idx
                            + " below its size " + size);
                }
                int width = widths.get(idx);
                int[] at;
                try {
                    at = EntryBundle.index(bundle, width);
                } catch (VerificationException e) {
                    throw new IllegalStateException("log " + log.logId() + " entry bundle " + idx + " is damaged", e);
                }
                int count = idx == last ? lastWidth : TileId.FULL_WIDTH;
                for (int i = 0; i < count; i++) {
                    int offset = at[2 * i];
                    int length = at[2 * i + 1];
                    if (contains(bundle, offset, length, needle)) {
                        byte[] raw = java.util.Arrays.copyOfRange(bundle, offset, offset + length);
                        EntryDecoder.Decoded d = EntryDecoder.decode(raw);
                        if (d.event().action().startsWith(prefix)) {
                            out.add(new Entry(idx * TileId.FULL_WIDTH + i, d.event(), raw));
                        }
                    }
                }
            }
        }
    }

    @Override
    public Map<Long, byte[]> inclusionProofs(Listing listing, List<Long> indexes) {
        Map<Long, byte[]> encoded = new LinkedHashMap<>();
        proofs(listing, indexes).forEach((index, proof) -> encoded.put(index, proof.encode()));
        return encoded;
    }

    /** The tlog-proofs of {@code indexes} against the listing's checkpoint. */
    private Map<Long, TlogProof> proofs(Listing listing, List<Long> indexes) {
        Map<Long, TlogProof> proofs = new LinkedHashMap<>();
        if (indexes.isEmpty()) {
            return proofs;
        }
        Head head = requireHead(listing);
        byte[] checkpoint = head.checkpoint();
        TileHashReader hashes = new TileHashReader(new JdbcTileStore(store.jdbc(), listing.logId()), head.size(),
                256);
        for (Long index : indexes) {
            if (index == null || index < 0 || index >= head.size()) {
                throw new IllegalArgumentException("index " + index + " is not below the tree size " + head.size());
            }
            try {
                List<byte[]> path = MerkleTree.inclusionProof(hashes, index, head.size());
                proofs.put(index, new TlogProof(null, index, path, checkpoint));
            } catch (VerificationException e) {
                throw new IllegalStateException("log " + listing.logId() + " cannot prove entry " + index, e);
            }
        }
        return proofs;
    }

    @Override
    public void writeBundle(Listing listing, List<Entry> entries, Instant created, OutputStream out)
            throws IOException {
        Head head = requireHead(listing);
        List<Long> indexes = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (e.pending()) {
                throw new IllegalArgumentException("a pending entry has no proof yet and cannot be bundled");
            }
            indexes.add(e.index());
        }
        Map<Long, TlogProof> proofs = proofs(listing, indexes);
        List<EvidenceBundleWriter.Item> items = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            items.add(new EvidenceBundleWriter.Item(e.index(), e.raw(), proofs.get(e.index())));
        }
        try {
            EvidenceBundleWriter.write(out, head.checkpoint(), checkpoint(head), items, keys.signer(), created);
        } catch (VerificationException e) {
            throw new IllegalStateException("log " + listing.logId() + " has an unreadable checkpoint", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the evidence bundle manifest", e);
        }
    }

    @Override
    public int integrate(TenantId tenant) {
        LogRef log = LogRef.of(tenant, store.baseOrigin());
        int total = 0;
        for (int round = 0; round < MAX_INTEGRATION_ROUNDS; round++) {
            int n = integrator.integrate(log);
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static Head requireHead(Listing listing) {
        if (listing.head() == null) {
            throw new IllegalArgumentException("log " + listing.logId() + " has no checkpoint yet");
        }
        return listing.head();
    }

    /** The checkpoint inside a signed checkpoint note (C2SP signed-note, tlog-checkpoint). */
    private static Checkpoint checkpoint(Head head) throws VerificationException {
        return Checkpoint.parse(SignedNote.parseUnverified(head.checkpoint()).text());
    }

    private static boolean contains(byte[] data, byte[] needle) {
        return contains(data, 0, data.length, needle);
    }

    private static boolean contains(byte[] data, int offset, int length, byte[] needle) {
        int end = offset + length - needle.length;
        outer:
        for (int i = offset; i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
