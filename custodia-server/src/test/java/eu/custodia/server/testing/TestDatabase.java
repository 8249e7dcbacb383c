package eu.custodia.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Gives each test context a fresh, empty store: a SQLite file in a temporary data directory, or, when
 * {@code custodia.test.store=postgresql}, a new PostgreSQL database on {@code 127.0.0.1:5432}, created, owned and
 * migrated by a superuser ({@code postgres}; override with {@code CUSTODIA_TEST_PG_URL}, {@code _USER},
 * {@code _PASSWORD}), while the application connects as the login role {@code custodia_app} (created when
 * missing: no superuser, no {@code BYPASSRLS}, owns nothing; override with {@code CUSTODIA_TEST_PG_APP_USER},
 * {@code _APP_PASSWORD}), as in production: the whole suite runs under the row-level security policies.
 * PostgreSQL being unreachable fails the test: it is never skipped.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String STORE_PROPERTY = "custodia.test.store";

    public static boolean postgres() {
        return "postgresql".equals(System.getProperty(STORE_PROPERTY, "sqlite"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("custodia-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPropertyValues values = TestPropertyValues.of("custodia.data-dir=" + dataDir);
        if (postgres()) {
            String database = createPostgresDatabase();
            ensureAppRole();
            values = values.and("custodia.db.url=" + pgBase() + database, "custodia.db.user=" + appUser(),
                    "custodia.db.password=" + appPassword(), "custodia.db.migration-user=" + pgUser(),
                    "custodia.db.migration-password=" + pgPassword(), "custodia.db.max-pool-size=4");
        }
        values.applyTo(context);
    }

    private static String pgBase() {
        String url = System.getenv().getOrDefault("CUSTODIA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        return url.endsWith("/") ? url : url + "/";
    }

    private static String pgUser() {
        return System.getenv().getOrDefault("CUSTODIA_TEST_PG_USER", "postgres");
    }

    private static String pgPassword() {
        return System.getenv().getOrDefault("CUSTODIA_TEST_PG_PASSWORD", "");
    }

    /** The application's login role in PostgreSQL tests: not the tables' owner, subject to row-level security. */
    public static String appUser() {
        return System.getenv().getOrDefault("CUSTODIA_TEST_PG_APP_USER", "custodia_app");
    }

    private static String appPassword() {
        return System.getenv().getOrDefault("CUSTODIA_TEST_PG_APP_PASSWORD", "");
    }

    /**
     * A connection source to the test database {@code url} as its owner (the superuser that created and migrated
     * it), for tests that change the schema itself; the application's role may not.
     */
    public static DataSource owner(String url) {
        return new DriverManagerDataSource(url, pgUser(), pgPassword());
    }

    /** Creates the application's role unless it exists (several test JVMs may race: the loser does nothing). */
    private static void ensureAppRole() {
        String role = appUser().replace("\"", "\"\"");
        try (Connection c = DriverManager.getConnection(pgBase() + "postgres", pgUser(), pgPassword());
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
                    + appUser().replace("'", "''") + "') THEN CREATE ROLE \"" + role
                    + "\" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF;"
                    + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the PostgreSQL test role " + appUser() + ": "
                    + e.getMessage(), e);
        }
    }

    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropCreated, "drop-test-databases"));
    }

    private static void dropCreated() {
        try (Connection c = DriverManager.getConnection(pgBase() + "postgres", pgUser(), pgPassword());
                Statement s = c.createStatement()) {
            for (String name : CREATED) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // best effort: test databases are named custodia_test_* and can be dropped by hand
        }
    }

    /** Creates and returns a new database named {@code custodia_test_<random>}, dropped at JVM exit. */
    public static String createPostgresDatabase() {
        String name = "custodia_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(pgBase() + "postgres", pgUser(), pgPassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            CREATED.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL tests need a server at " + pgBase()
                    + " (user " + pgUser() + "): " + e.getMessage(), e);
        }
        return name;
    }
}
