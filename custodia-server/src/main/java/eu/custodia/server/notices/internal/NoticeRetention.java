package eu.custodia.server.notices.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes notices older than {@code custodia.notices.retention} (400 days by default), with their deliveries and
 * every attempt of those, so the tables do not grow for ever. A notice with a delivery still pending or being sent
 * is kept until that ends. It works tenant by tenant, in batches of {@value #BATCH}, each batch in one transaction
 * in the tenant's row scope that also records {@code notices.purged} in the tenant's log (how many, and the cut-off;
 * ids and counts only), so an interrupted run leaves whole batches behind and the next run finishes the rest.
 * The access events the notices reported stay in the tenant's ledger: only this copy for reading goes.
 */
@Component
final class NoticeRetention {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeRetention.class);
    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final TenantRowScope scope;
    private final Ledger ledger;
    private final Clock clock;
    private final NoticesProperties properties;

    NoticeRetention(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, TenantRowScope scope,
            Ledger ledger, Clock clock, NoticesProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.scope = scope;
        this.ledger = ledger;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${custodia.notices.retention-check:PT1H}",
            initialDelayString = "${custodia.notices.retention-check:PT1H}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("notice retention stopped this round: {}", e.getClass().getSimpleName());
        }
    }

    /** Deletes every tenant's notices past their retention now. Returns how many notices went. */
    int purge() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(properties.retention());
        // the register is not tenant data: every tenant is listed without a row scope
        List<String> tenants = jdbc.sql("SELECT id FROM tenants ORDER BY id").query(String.class).list();
        int total = 0;
        for (String id : tenants) {
            total += purge(new TenantId(id), now);
        }
        if (total > 0) {
            LOG.info("notice retention: {} notices older than {} deleted", total, cutoff);
        }
        return total;
    }

    /** Deletes {@code tenant}'s notices created before {@code now} minus the retention. Returns how many went. */
    int purge(TenantId tenant, Instant now) {
        Instant cutoff = now.minus(properties.retention());
        int total = 0;
        int deleted;
        do {
            deleted = batch(tenant, cutoff, now);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private int batch(TenantId tenant, Instant cutoff, Instant now) {
        Integer deleted = scope.inTransaction(tx, tenant, status -> {
            List<String> ids = jdbc.sql("SELECT id FROM notices n WHERE tenant_id = ? AND created_at < ? AND NOT"
                    + " EXISTS (SELECT 1 FROM notice_deliveries d WHERE d.notice_id = n.id AND d.state IN"
                    + " ('pending', 'sending')) ORDER BY seq LIMIT ?")
                    .params(tenant.value(), instants.bind(cutoff), BATCH).query(String.class).list();
            if (ids.isEmpty()) {
                return 0;
            }
            Map<String, Object> of = Map.of("tenant", tenant.value(), "ids", ids);
            jdbc.sql("DELETE FROM notice_delivery_attempts WHERE delivery_id IN (SELECT id FROM notice_deliveries"
                    + " WHERE tenant_id = :tenant AND notice_id IN (:ids))").params(of).update();
            jdbc.sql("DELETE FROM notice_deliveries WHERE tenant_id = :tenant AND notice_id IN (:ids)").params(of)
                    .update();
            int notices = jdbc.sql("DELETE FROM notices WHERE tenant_id = :tenant AND id IN (:ids)").params(of)
                    .update();
            if (notices == 0) {
                return 0; // another node's run deleted them first, and ledgered it
            }
            ledger.record(new LedgerEvent(now, tenant, Caller.SYSTEM.ledgerActor(), "notices.purged",
                    "tenant/" + tenant.value() + "/notices", "success", notices + " notices created before " + cutoff
                            + " deleted (retention " + retention() + ")", null));
            return notices;
        });
        return deleted == null ? 0 : deleted;
    }

    /** The retention as a person reads it: {@code 400 days}, or the ISO-8601 duration when not whole days. */
    private String retention() {
        Duration retention = properties.retention();
        return retention.toHours() % 24 == 0 && retention.toSecondsPart() == 0 && retention.toNanosPart() == 0
                && retention.toMinutesPart() == 0 ? retention.toDays() + " days" : retention.toString();
    }
}
