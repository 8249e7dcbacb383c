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
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives each test context a fresh, empty store: a SQLite file in a temporary data directory, or, when
 * {@code custodia.test.store=postgresql}, a new PostgreSQL database on {@code 127.0.0.1:5432} (user
 * {@code postgres}; override with {@code CUSTODIA_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}).
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
            values = values.and("custodia.db.url=" + pgBase() + database, "custodia.db.user=" + pgUser(),
                    "custodia.db.password=" + pgPassword(), "custodia.db.max-pool-size=4");
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
