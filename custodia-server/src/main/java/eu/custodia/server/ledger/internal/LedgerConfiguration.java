package eu.custodia.server.ledger.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on scheduling for the {@link Integrator}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class LedgerConfiguration {
}
