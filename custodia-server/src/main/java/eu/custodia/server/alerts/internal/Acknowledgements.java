package eu.custodia.server.alerts.internal;

import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.tlog.merkle.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acknowledging an alert: once, with a note, never by the person the alert is about. The change and its
 * ledger event ({@code alert.acknowledged} in the platform log, with the note's SHA-256, never the note) are
 * one transaction; a refusal (acknowledged already, or one's own alert) is ledgered and committed, then
 * raised.
 */
@Service
final class Acknowledgements {

    static final String ACKNOWLEDGED = "alert.acknowledged";

    private final AlertStore store;
    private final Ledger ledger;
    private final ApiKeys keys;
    private final Clock clock;
    private final TransactionTemplate tx;

    Acknowledgements(AlertStore store, Ledger ledger, ApiKeys keys, Clock clock, TransactionTemplate tx) {
        this.store = store;
        this.ledger = ledger;
        this.keys = keys;
        this.clock = clock;
        this.tx = tx;
    }

    /** The alert after {@code caller} acknowledged it with {@code note} (already validated). */
    Alert acknowledge(Caller caller, String id, String note) {
        Instant now = clock.instant();
        Outcome outcome = tx.execute(status -> {
            Alert alert = store.find(id).orElse(null);
            if (alert == null) {
                return new Outcome(null, AlertController.notFound(id));
            }
            if (aboutCaller(alert, caller)) {
                record(caller, id, "denied", "self-acknowledgement refused: the alert is about the caller");
                return new Outcome(null, BilingualProblem.of(ProblemType.ALERT_SELF_ACKNOWLEDGEMENT, "This alert is"
                        + " about you (" + alert.subject() + "): another security officer must acknowledge it.",
                        "Questo avviso riguarda te (" + alert.subject() + "): deve prenderne atto un altro"
                                + " responsabile della sicurezza.", Map.of("alert", id)));
            }
            if (alert.acknowledged() || !store.acknowledge(id, now, caller.id(), note)) {
                Alert current = store.find(id).orElse(alert);
                record(caller, id, "denied", "already acknowledged"
                        + (current.acknowledgedAt() == null ? "" : " at " + current.acknowledgedAt()));
                return new Outcome(null, BilingualProblem.of(ProblemType.ALERT_ALREADY_ACKNOWLEDGED, "This alert was"
                        + " already acknowledged" + by(current, "en") + "; an acknowledgement cannot be changed or"
                        + " repeated.", "Si è già preso atto di questo avviso" + by(current, "it") + "; la presa"
                        + " d'atto non si può cambiare né ripetere.", Map.of("alert", id)));
            }
            record(caller, id, "success", "note sha-256 " + sha256(note));
            return new Outcome(store.find(id).orElseThrow(), null);
        });
        Objects.requireNonNull(outcome, "outcome");
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.alert();
    }

    private static String by(Alert alert, String language) {
        if (alert.acknowledgedAt() == null) {
            return "";
        }
        return ("en".equals(language) ? " by " : " da ") + alert.acknowledgedBy() + ("en".equals(language) ? " at "
                : " il ") + alert.acknowledgedAt();
    }

    /** True when the alert is about the caller: its credential, its account, or a key of its account. */
    private boolean aboutCaller(Alert alert, Caller caller) {
        String subject = alert.subject();
        if (subject.equals(caller.id()) || subject.equals(caller.owner())) {
            return true;
        }
        if (caller.owner() == null || !subject.startsWith("key-")) {
            return false;
        }
        Optional<String> owner = keys.find(subject).map(ApiKey::owner);
        return owner.isPresent() && owner.get().equals(caller.owner());
    }

    private void record(Caller caller, String id, String outcome, String reason) {
        ledger.record(new LedgerEvent(clock.instant(), null, caller.ledgerActor(), ACKNOWLEDGED, "alert/" + id, outcome,
                reason, null));
    }

    static String sha256(String note) {
        return HexFormat.of().formatHex(Rfc9162.newDigest().digest(note.getBytes(StandardCharsets.UTF_8)));
    }

    /** The acknowledged alert, or the problem to raise after the commit. */
    private record Outcome(Alert alert, ProblemException refusal) {
    }
}
