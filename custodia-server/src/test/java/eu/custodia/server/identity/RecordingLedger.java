package eu.custodia.server.identity;

import eu.custodia.server.ledger.Ledger;
import eu.custodia.server.ledger.LedgerEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Test double of {@link Ledger}, used only while the application has no ledger implementation of its own:
 * keeps the events whose transaction committed, and like the real one refuses to record outside a
 * transaction.
 */
public final class RecordingLedger implements Ledger {

    private final List<LedgerEvent> committed = new CopyOnWriteArrayList<>();

    @Override
    public void record(LedgerEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Ledger.record needs an active transaction");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.add(event);
            }
        });
    }

    /** The events of committed transactions, oldest first. */
    public List<LedgerEvent> events() {
        return List.copyOf(committed);
    }

    /** Registers the double when no other {@link Ledger} bean is defined. */
    @Component
    static final class Registrar implements BeanDefinitionRegistryPostProcessor {

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            if (registry instanceof ListableBeanFactory beans
                    && beans.getBeanNamesForType(Ledger.class, true, false).length == 0) {
                registry.registerBeanDefinition("recordingLedger", new RootBeanDefinition(RecordingLedger.class));
            }
        }
    }
}
