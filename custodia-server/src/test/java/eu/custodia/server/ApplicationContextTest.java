package eu.custodia.server;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CustodiaTest
class ApplicationContextTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void contextWhenStartedThenMigratedOnTheConfiguredStore() {
        String product = jdbc.sql("select 1").query(Integer.class).single() == 1
                ? jdbc.sql(TestDatabase.postgres() ? "select version()" : "select sqlite_version()")
                        .query(String.class).single()
                : "";
        assertThat(product).isNotBlank();
        assertThat(jdbc.sql("select count(*) from platform_settings").query(Integer.class).single()).isZero();
    }
}
