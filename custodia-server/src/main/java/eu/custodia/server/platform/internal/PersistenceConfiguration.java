package eu.custodia.server.platform.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import eu.custodia.server.platform.CustodiaProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.api.callback.Callback;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: embedded SQLite under the data directory (WAL, {@code synchronous=FULL}, foreign keys,
 * immediate write transactions so concurrent writers queue instead of failing), or PostgreSQL when
 * {@code custodia.db.url} is set. Flyway migrates from {@code db/migration/{vendor}}: on PostgreSQL with
 * {@code custodia.db.migration-user} set, as that owner role, after which the application's role is granted data
 * access only ({@link ApplicationRoleGrants}); otherwise as the application's own user.
 */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataSource dataSource(CustodiaProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("custodia");
        CustodiaProperties.Db db = properties.db();
        if (db.url() == null || db.url().isBlank()) {
            try {
                Files.createDirectories(properties.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + properties.dataDir(), e);
            }
            config.setJdbcUrl(sqliteUrl("jdbc:sqlite:" + properties.embeddedDatabase().toAbsolutePath()));
        } else if (db.url().startsWith("jdbc:sqlite:")) {
            config.setJdbcUrl(sqliteUrl(db.url()));
        } else {
            config.setJdbcUrl(db.url());
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(db.maxPoolSize());
        }
        if (config.getJdbcUrl().startsWith("jdbc:sqlite:")) {
            config.setMaximumPoolSize(4);
            config.setConnectionInitSql("PRAGMA foreign_keys = ON");
        }
        return new HikariDataSource(config);
    }

    /**
     * With a separate migration user, Flyway connects as the tables' owner (its own connection, outside the
     * pool) and grants the application's role what it needs once the schema is current.
     */
    @Bean
    FlywayConfigurationCustomizer ownerMigrations(CustodiaProperties properties) {
        return configuration -> {
            CustodiaProperties.Db db = properties.db();
            if (!db.separateMigrationUser()) {
                return;
            }
            Callback[] callbacks = Arrays.copyOf(configuration.getCallbacks(), configuration.getCallbacks().length + 1);
            callbacks[callbacks.length - 1] = new ApplicationRoleGrants(db.user());
            configuration.dataSource(db.url(), db.migrationUser(), db.migrationPassword()).callbacks(callbacks);
        };
    }

    private static String sqliteUrl(String url) {
        String sep = url.contains("?") ? "&" : "?";
        // cache_size: up to 32 MiB of pages per connection (SQLite's default is 2 MiB), so the hot tables (API
        // keys, accounts, sessions) stay in memory instead of being read from the file again and again.
        return url + sep + "journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=10000"
                + "&transaction_mode=IMMEDIATE&cache_size=-32768";
    }
}
