package eu.custodia.server.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import eu.custodia.server.testing.CustodiaTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded store's settings as a pooled connection really has them: WAL, full sync (a committed
 * change survives a power cut), foreign keys, a busy timeout so writers queue, and a 32 MiB page cache.
 * SQLite only: on the PostgreSQL run there is nothing to check here.
 */
@CustodiaTest
class SqliteSettingsTest {

    @Autowired
    JdbcClient jdbc;

    private long pragma(String name) {
        return jdbc.sql("PRAGMA " + name).query(Long.class).single();
    }

    @Test
    void connectionWhenEmbeddedThenWalFullSyncForeignKeysAndBusyTimeout() {
        assumeTrue(!"postgresql".equals(System.getProperty("custodia.test.store")), "SQLite settings only");
        assertThat(jdbc.sql("PRAGMA journal_mode").query(String.class).single()).isEqualTo("wal");
        assertThat(pragma("synchronous")).as("FULL").isEqualTo(2);
        assertThat(pragma("foreign_keys")).isEqualTo(1);
        assertThat(pragma("busy_timeout")).isEqualTo(10_000);
        assertThat(pragma("cache_size")).as("32 MiB of pages per connection").isEqualTo(-32_768);
    }
}
