package eu.custodia.server.identity;

import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Test ledger for the identity and access tests: keeps the events whose transaction committed, so tests can
 * assert on them, and forwards every event to the application's real {@link Ledger} (so the real logs are
 * written too). Registered as the primary {@link Ledger} unless a test configuration supplies its own
 * primary one. Like the real ledger, it refuses to record outside a transaction.
 */
public final class RecordingLedger implements Ledger, BeanFactoryAware {

    private final List<LedgerEvent> committed = new CopyOnWriteArrayList<>();
    private ListableBeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = (ListableBeanFactory) beanFactory;
    }

    @Override
    public void record(LedgerEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Ledger.record needs an active transaction");
        }
        delegate().ifPresent(real -> real.record(event));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.add(event);
            }
        });
    }

    private java.util.Optional<Ledger> delegate() {
        return beans.getBeansOfType(Ledger.class).values().stream().filter(l -> l != this).findFirst();
    }

    /** The events of committed transactions, oldest first. */
    public List<LedgerEvent> events() {
        return List.copyOf(committed);
    }

    /** Registers this ledger as the primary one unless another primary {@link Ledger} is defined. */
    @Component
    static final class Registrar implements BeanDefinitionRegistryPostProcessor {

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            if (registry instanceof ConfigurableListableBeanFactory beans) {
                for (String name : beans.getBeanNamesForType(Ledger.class, true, false)) {
                    if (registry.getBeanDefinition(name).isPrimary()) {
                        return;
                    }
                }
            }
            RootBeanDefinition definition = new RootBeanDefinition(RecordingLedger.class);
            definition.setPrimary(true);
            registry.registerBeanDefinition("recordingLedger", definition);
        }
    }
}
