package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.PlatformSettings;
import eu.custodia.server.platform.SqlInstants;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link PlatformSettings} in table {@code platform_settings}, on SQLite or PostgreSQL. Every change is
 * recorded in the platform log in the same transaction, by name only (values stay out of the ledger).
 */
@Component
class JdbcPlatformSettings implements PlatformSettings {

    private final JdbcClient jdbc;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;

    JdbcPlatformSettings(JdbcClient jdbc, SqlInstants instants, Ledger ledger, Clock clock) {
        this.jdbc = jdbc;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public Optional<String> get(String name) {
        return jdbc.sql("SELECT value FROM platform_settings WHERE name = :name").param("name", name)
                .query(String.class).optional();
    }

    @Override
    @Transactional
    public void put(String name, String value) {
        Object at = instants.bind(clock.instant());
        int updated = jdbc.sql("UPDATE platform_settings SET value = :value, updated_at = :at WHERE name = :name")
                .param("name", name).param("value", value).param("at", at).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO platform_settings (name, value, updated_at) VALUES (:name, :value, :at)")
                    .param("name", name).param("value", value).param("at", at).update();
        }
        ledger.record(new LedgerEvent(clock.instant(), null, LedgerEvent.Actor.SYSTEM, "platform.setting-changed",
                "platform/setting/" + name, "success", null, null));
    }
}
