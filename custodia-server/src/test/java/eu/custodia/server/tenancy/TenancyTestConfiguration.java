package eu.custodia.server.tenancy;

import eu.custodia.server.access.Decision;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Test doubles for the tenancy tests: a ledger that records events (and can be made to fail) and a
 * decision point with the rules the tenancy API relies on. Both are primary, so the tests keep their
 * control when the real implementations are present.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TenancyTestConfiguration {

    @Bean
    @Primary
    RecordingLedger recordingLedger() {
        return new RecordingLedger();
    }

    @Bean
    @Primary
    RecordingDecisionPoint recordingDecisionPoint() {
        return new RecordingDecisionPoint();
    }

    /** Completes the platform's first-administrator setup, so requests are not held at the setup gate. */
    @Bean
    org.springframework.boot.ApplicationRunner completeSetup(eu.custodia.server.identity.ApiKeys keys) {
        return args -> {
            if (keys.list().isEmpty()) {
                keys.create(new Caller("system", "system", java.util.Set.of(), null, List.of()),
                        java.util.Set.of(eu.custodia.server.identity.Roles.PLATFORM_ADMIN), null, "tenancy tests");
            }
        };
    }

    /** Keeps every event; like the real ledger it refuses to record outside a transaction. */
    public static final class RecordingLedger implements Ledger {

        private final List<LedgerEvent> events = new CopyOnWriteArrayList<>();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        @Override
        public void record(LedgerEvent event) {
            if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                throw new IllegalStateException("ledger events must be recorded inside a transaction");
            }
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
            events.add(event);
        }

        public List<LedgerEvent> events(TenantId tenant) {
            return events.stream().filter(e -> Objects.equals(e.tenant(), tenant)).toList();
        }

        /** Makes every following write fail (until {@link #recover()}), as a broken ledger store would. */
        public void failWith(RuntimeException e) {
            failure.set(e);
        }

        public void recover() {
            failure.set(null);
        }
    }

    /**
     * Platform admins may do anything platform-wide; tenant admins may read and write their own tenant only;
     * everything else is denied. Records each question it was asked.
     */
    public static final class RecordingDecisionPoint implements DecisionPoint {

        /** One question: who asked for what on which tenant. */
        public record Asked(String callerId, Permission permission, TenantId tenant) {
        }

        private final List<Asked> asked = new CopyOnWriteArrayList<>();

        @Override
        public Decision decide(Caller caller, Permission permission, TenantId tenant) {
            asked.add(new Asked(caller.id(), permission, tenant));
            if (caller.tenant() == null && caller.hasRole("platform-admin")) {
                return Decision.allow("test-platform-admin", "platform admin");
            }
            if (caller.tenant() != null && caller.tenant().equals(tenant) && caller.hasRole("tenant-admin")
                    && (permission == Permission.TENANTS_READ || permission == Permission.TENANTS_WRITE)) {
                return Decision.allow("test-tenant-admin", "own tenant");
            }
            return Decision.deny("default-deny", "no rule allows this");
        }

        @Override
        public void require(Caller caller, Permission permission, TenantId tenant) {
            Decision d = decide(caller, permission, tenant);
            if (!d.allowed()) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Denied by rule " + d.rule() + ".");
            }
        }

        public List<Asked> asked() {
            return List.copyOf(asked);
        }
    }
}
