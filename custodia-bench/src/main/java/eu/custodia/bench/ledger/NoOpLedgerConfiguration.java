package eu.custodia.bench.ledger;

import eu.custodia.server.platform.Ledger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The baseline of the ledger-overhead figures: a primary {@link Ledger} that records nothing, so every
 * business write (and every access decision) runs exactly as with the ledger, minus the ledger's work.
 */
@Configuration(proxyBeanMethods = false)
public class NoOpLedgerConfiguration {

    @Bean
    @Primary
    Ledger noOpLedger() {
        return event -> { };
    }
}
