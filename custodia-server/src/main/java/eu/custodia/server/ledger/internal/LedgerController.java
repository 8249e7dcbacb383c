package eu.custodia.server.ledger.internal;

import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.proof.TlogProof;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TileId;
import eu.custodia.tlog.tiles.TilePath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The logs over HTTP, as C2SP tlog-tiles (https://c2sp.org/tlog-tiles) under {@code /logs/{logId}/}:
 * {@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}; plus the list of
 * readable logs and inclusion proofs (JSON, and C2SP {@code .tlog-proof}). Reading a log needs
 * {@link Permission#LEDGER_READ} on its tenant (null: the platform log) from the {@link DecisionPoint}; a
 * log the caller may not read answers exactly like a log that does not exist (404), so nobody learns even
 * its size. Tiles are private to the caller: long-lived but never stored by shared caches.
 */
@RestController
@RequestMapping("/logs")
final class LedgerController {

    static final ProblemType BAD_TILE_PATH = new ProblemType("ledger-bad-tile-path",
            org.springframework.http.HttpStatus.BAD_REQUEST, "The tile path is not a C2SP tlog-tiles path");
    static final ProblemType BAD_INDEX = new ProblemType("ledger-bad-index",
            org.springframework.http.HttpStatus.BAD_REQUEST, "The entry index is not a decimal number");

    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private static final String PROOF_SUFFIX = ".tlog-proof";
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,18}");

    private final LedgerStore store;
    private final LedgerKeys keys;
    // Resolved at first use, then kept (absent in tests that start the ledger alone).
    private final SingletonSupplier<DecisionPoint> decisions;
    private final SingletonSupplier<CurrentCallerSource> callers;

    LedgerController(LedgerStore store, LedgerKeys keys, ObjectProvider<DecisionPoint> decisions,
            ObjectProvider<CurrentCallerSource> callers) {
        this.store = store;
        this.keys = keys;
        this.decisions = SingletonSupplier.of(decisions::getIfAvailable);
        this.callers = SingletonSupplier.of(callers::getIfAvailable);
    }

    /** One readable log. */
    record LogView(String logId, String origin, String verifierKey, String url, long size) {
    }

    /** An inclusion proof of entry {@code index} in the tree of the current checkpoint. */
    record ProofView(long index, long treeSize, List<String> hashes, String checkpoint) {
    }

    @GetMapping
    List<LogView> logs() {
        Caller caller = caller();
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/logs/").toUriString();
        List<LogView> out = new ArrayList<>();
        for (LedgerStore.Head head : store.heads()) {
            if (mayRead(caller, head.log())) {
                out.add(new LogView(head.log().logId(), head.log().origin(), keys.verifierKeyText(),
                        base + head.log().logId() + "/", head.size()));
            }
        }
        return out;
    }

    @GetMapping("/{logId}/checkpoint")
    ResponseEntity<byte[]> checkpoint(@PathVariable String logId) {
        LedgerStore.Head head = readableHead(logId);
        return ResponseEntity.ok().contentType(TEXT).cacheControl(CacheControl.noStore()).body(head.checkpoint());
    }

    @GetMapping("/{logId}/tile/{*rest}")
    ResponseEntity<byte[]> tile(@PathVariable String logId, @PathVariable String rest) {
        LedgerStore.Head head = readableHead(logId);
        TileId id;
        try {
            id = TilePath.parse("tile" + rest);
        } catch (VerificationException e) {
            throw new ProblemException(BAD_TILE_PATH, e.getMessage());
        }
        byte[] data = store.tiles(head.log()).read(id).orElseThrow(() -> notFound());
        CacheControl cache = id.isPartial() ? CacheControl.maxAge(Duration.ofSeconds(60)).cachePrivate()
                : CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).cacheControl(cache).body(data);
    }

    @GetMapping("/{logId}/proofs/{ref}")
    ResponseEntity<?> proof(@PathVariable String logId, @PathVariable String ref) {
        LedgerStore.Head head = readableHead(logId);
        boolean file = ref.endsWith(PROOF_SUFFIX);
        String digits = file ? ref.substring(0, ref.length() - PROOF_SUFFIX.length()) : ref;
        if (!INDEX.matcher(digits).matches()) {
            throw new ProblemException(BAD_INDEX, "the entry index must be a decimal number without leading zeros");
        }
        long index;
        try {
            index = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ProblemException(BAD_INDEX, "the entry index is too large");
        }
        if (index >= head.size()) {
            throw notFound();
        }
        List<byte[]> hashes;
        try {
            hashes = MerkleTree.inclusionProof(new TileHashReader(store.tiles(head.log()), head.size()), index,
                    head.size());
        } catch (VerificationException e) {
            throw new IllegalStateException("log " + head.log().logId() + " cannot prove entry " + index, e);
        }
        CacheControl cache = CacheControl.noStore();
        if (file) {
            byte[] body = new TlogProof(null, index, hashes, head.checkpoint()).encode();
            return ResponseEntity.ok().contentType(TEXT).cacheControl(cache).body(body);
        }
        Base64.Encoder b64 = Base64.getEncoder();
        ProofView view = new ProofView(index, head.size(), hashes.stream().map(b64::encodeToString).toList(),
                new String(head.checkpoint(), StandardCharsets.UTF_8));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(cache).body(view);
    }

    /** Authorizes before looking the log up, so an unreadable log and a missing one look the same. */
    private LedgerStore.Head readableHead(String logId) {
        Caller caller = caller();
        LogRef log = LogRef.parseOrNull(logId, store.baseOrigin());
        if (log == null || !mayRead(caller, log)) {
            throw notFound();
        }
        return store.head(log).orElseThrow(LedgerController::notFound);
    }

    private Caller caller() {
        CurrentCallerSource source = callers.get();
        return (source == null ? java.util.Optional.<Caller>empty() : source.currentCaller())
                .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHENTICATED,
                        "Reading a log needs an authenticated caller."));
    }

    private boolean mayRead(Caller caller, LogRef log) {
        DecisionPoint point = decisions.get();
        if (point == null) {
            return false;
        }
        Decision d = point.decide(caller, Permission.LEDGER_READ, log.tenant());
        return d != null && d.allowed();
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No such log, or not readable by this caller.");
    }
}
