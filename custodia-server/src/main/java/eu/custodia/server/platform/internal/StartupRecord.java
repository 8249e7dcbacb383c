package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningReport;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TlsProperties;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records, in the platform log, the configuration each start runs with: mode, store, nodes, where the TLS
 * certificate comes from, and which hardening checks fail. Names and ids only, never values or secrets,
 * so an auditor can see when a deployment ran with an insecure setting (commitment 2).
 */
@Component
@Profile("!doctor & !tenant")
final class StartupRecord implements ApplicationRunner {

    private final Ledger ledger;
    private final TransactionTemplate tx;
    private final CustodiaProperties properties;
    private final TlsProperties tls;
    private final List<HardeningCheck> checks;
    private final Clock clock;

    StartupRecord(Ledger ledger, TransactionTemplate tx, CustodiaProperties properties, TlsProperties tls,
            List<HardeningCheck> checks, Clock clock) {
        this.ledger = ledger;
        this.tx = tx;
        this.properties = properties;
        this.tls = tls;
        this.checks = checks;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        String failed = HardeningReport.of(checks).results().stream().filter(r -> !r.passed())
                .map(HardeningResult::id).distinct().sorted().collect(Collectors.joining(","));
        String reason = "mode=" + properties.mode().name().toLowerCase(java.util.Locale.ROOT)
                + " store=" + (properties.db().embedded() ? "sqlite" : "postgresql")
                + " nodes=" + properties.nodes()
                + " tls=" + (tls.configured() ? "configured" : "generated")
                + " hardening-failed=" + (failed.isEmpty() ? "none" : failed);
        tx.executeWithoutResult(status -> ledger.record(new LedgerEvent(clock.instant(), null,
                LedgerEvent.Actor.SYSTEM, "platform.started", "platform", "success", reason, null)));
    }
}
