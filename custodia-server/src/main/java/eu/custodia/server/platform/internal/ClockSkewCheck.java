package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Commitment 5: every node judges grant expiries by its own clock, and revocation confirmations by the
 * heartbeats of the others (ADR 11); ledger times and second-factor freshness come from it too. A node whose
 * clock runs behind would honour an expired grant for as long as it lags. On PostgreSQL, the store every node
 * shares, this check compares the node's clock with the database server's ({@code clock_timestamp()}): it takes
 * the best of {@value #SAMPLES} round trips and fails when the two differ by more than
 * {@code custodia.max-clock-skew} (1 s, the revocation promise) beyond half that round trip. Every node that
 * passes is then within twice that of every other. Embedded SQLite has one node, whose clock is the only one.
 */
@Component
final class ClockSkewCheck implements HardeningCheck {

    static final String ID = "clock-skew";
    static final int SAMPLES = 3;

    /** One comparison: how far the node's clock is ahead of the database's (negative: behind), and the round trip. */
    record Sample(Duration ahead, Duration roundTrip) {

        /** The smallest difference the sample allows: the measured one less half the round trip, never negative. */
        Duration atLeast() {
            Duration d = ahead.abs().minus(roundTrip.dividedBy(2));
            return d.isNegative() ? Duration.ZERO : d;
        }
    }

    private final JdbcClient jdbc;
    private final CustodiaProperties properties;
    private final Clock clock;
    private final Duration max;

    @Autowired
    ClockSkewCheck(JdbcClient jdbc, CustodiaProperties properties, Clock clock,
            @Value("${custodia.max-clock-skew:PT1S}") Duration max) {
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("custodia.max-clock-skew must be positive, was " + max);
        }
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        this.max = max;
    }

    @Override
    public List<HardeningResult> check() {
        if (properties.db().embedded()) {
            return List.of(HardeningResult.pass(ID, 5,
                    "Not applicable: embedded SQLite serves one node, so there is one clock; keep it synchronised"
                            + " (NTP) for the ledger's times.",
                    "Non applicabile: SQLite integrato serve un solo nodo, quindi c'è un solo orologio; mantenerlo"
                            + " sincronizzato (NTP) per gli orari del registro."));
        }
        Sample best;
        try {
            best = measure();
        } catch (DataAccessException e) {
            return List.of(HardeningResult.fail(ID, 5,
                    "Cannot read the database server's clock to compare it with this node's: " + e.getMessage(),
                    "Impossibile leggere l'orologio del server del database per confrontarlo con quello del nodo: "
                            + e.getMessage()));
        }
        return List.of(evaluate(best, max));
    }

    /** The sample with the shortest round trip (the least uncertain) of {@value #SAMPLES}. */
    private Sample measure() {
        Sample best = null;
        for (int i = 0; i < SAMPLES; i++) {
            Instant before = clock.instant();
            Instant database = jdbc.sql("SELECT clock_timestamp()")
                    .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).single();
            Instant after = clock.instant();
            Duration roundTrip = Duration.between(before, after);
            Sample sample = new Sample(Duration.between(database, before.plus(roundTrip.dividedBy(2))), roundTrip);
            if (best == null || sample.roundTrip().compareTo(best.roundTrip()) < 0) {
                best = sample;
            }
        }
        return best;
    }

    /** The verdict on one sample, in English and Italian. */
    static HardeningResult evaluate(Sample sample, Duration max) {
        String measured = seconds(sample.ahead().abs());
        String where = sample.ahead().isNegative() ? "behind" : "ahead of";
        String dove = sample.ahead().isNegative() ? "indietro rispetto a" : "avanti rispetto a";
        String roundTrip = seconds(sample.roundTrip());
        if (sample.atLeast().compareTo(max) > 0) {
            return HardeningResult.fail(ID, 5,
                    "This node's clock is " + measured + " s " + where + " the database server's (round trip "
                            + roundTrip + " s; allowed " + seconds(max) + " s, custodia.max-clock-skew). Grant"
                            + " expiries, revocation confirmations and ledger times follow each node's clock:"
                            + " synchronise every node and the database server with NTP (e.g. chrony).",
                    "L'orologio di questo nodo è " + measured + " s " + dove + " quello del server del database"
                            + " (andata e ritorno " + roundTrip + " s; ammessi " + seconds(max) + " s,"
                            + " custodia.max-clock-skew). Scadenze degli accessi, conferme di revoca e orari del"
                            + " registro seguono l'orologio di ciascun nodo: sincronizzare tutti i nodi e il server"
                            + " del database con NTP (ad es. chrony).");
        }
        return HardeningResult.pass(ID, 5,
                "This node's clock is within " + seconds(max) + " s of the database server's (measured " + measured
                        + " s, round trip " + roundTrip + " s).",
                "L'orologio di questo nodo è entro " + seconds(max) + " s da quello del server del database"
                        + " (misurati " + measured + " s, andata e ritorno " + roundTrip + " s).");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }
}
