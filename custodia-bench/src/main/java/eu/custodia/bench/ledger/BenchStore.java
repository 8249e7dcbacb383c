package eu.custodia.bench.ledger;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty store for one measurement: a temporary data directory, holding the embedded SQLite
 * database or, for PostgreSQL, only the keys and certificate beside a new database
 * {@code custodia_bench_<random>} on {@code 127.0.0.1:5432} (user {@code postgres}; override with
 * {@code CUSTODIA_BENCH_PG_URL}, {@code _USER}, {@code _PASSWORD}). {@link #close()} drops the database and
 * deletes the directory.
 */
public final class BenchStore implements AutoCloseable {

    private final String kind;
    private final Path dataDir;
    private final String database;
    private final boolean appRole;

    private BenchStore(String kind, Path dataDir, String database, boolean appRole) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.database = database;
        this.appRole = appRole;
    }

    /** Creates an embedded SQLite store in a new temporary directory. */
    public static BenchStore sqlite() throws IOException {
        return new BenchStore("sqlite", Files.createTempDirectory("custodia-bench-"), null, false);
    }

    /**
     * Creates a new PostgreSQL database (and a temporary data directory for keys and certificate); the
     * application connects as the user that created it (by default the superuser {@code postgres}, which
     * row-level security does not apply to).
     */
    public static BenchStore postgresql() throws IOException, SQLException {
        return postgresql(false);
    }

    /**
     * Creates a new PostgreSQL database as {@link #postgresql()} does, migrated by that user
     * ({@code custodia.db.migration-user}) while the application connects as the login role
     * {@code custodia_app} (created when missing: no superuser, no {@code BYPASSRLS}, owns nothing; override
     * with {@code CUSTODIA_BENCH_PG_APP_USER}, {@code _APP_PASSWORD}), as in production: every statement of
     * the application runs under the row-level security policies.
     */
    public static BenchStore postgresqlAsApp() throws IOException, SQLException {
        return postgresql(true);
    }

    private static BenchStore postgresql(boolean appRole) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("custodia-bench-");
        String name = "custodia_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(pgBase() + "postgres", pgUser(), pgPassword());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            if (appRole) {
                String role = appUser().replace("\"", "\"\"");
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
                        + appUser().replace("'", "''") + "') THEN CREATE ROLE \"" + role
                        + "\" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF;"
                        + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
            }
        } catch (SQLException e) {
            deleteTree(dir);
            throw new SQLException("cannot create a PostgreSQL database at " + pgBase()
                    + " (is PostgreSQL running? set CUSTODIA_BENCH_PG_URL): " + e.getMessage(), e);
        }
        return new BenchStore("postgresql", dir, name, appRole);
    }

    /** Returns {@code sqlite} or {@code postgresql}. */
    public String kind() {
        return kind;
    }

    public boolean postgres() {
        return database != null;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Returns the Custodia properties that point a server at this store. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("custodia.data-dir", dataDir.toString());
        if (database != null && appRole) {
            p.put("custodia.db.url", pgBase() + database);
            p.put("custodia.db.user", appUser());
            p.put("custodia.db.password", appPassword());
            p.put("custodia.db.migration-user", pgUser());
            p.put("custodia.db.migration-password", pgPassword());
        } else if (database != null) {
            p.put("custodia.db.url", pgBase() + database);
            p.put("custodia.db.user", pgUser());
            p.put("custodia.db.password", pgPassword());
        }
        return p;
    }

    /**
     * Opens a JDBC connection to this store's PostgreSQL database as the user that created it and owns its
     * tables (for maintenance such as {@code VACUUM}, never for the application's statements).
     */
    public Connection connectAsOwner() throws SQLException {
        if (database == null) {
            throw new IllegalStateException("not a PostgreSQL store");
        }
        return DriverManager.getConnection(pgBase() + database, pgUser(), pgPassword());
    }

    /** Whether the application connects as the non-owner role {@link #appUser()} (under row-level security). */
    public boolean appRole() {
        return appRole;
    }

    /**
     * Opens a JDBC connection to this store's PostgreSQL database as the application's role (the role the
     * application connects as: {@code custodia_app} for {@link #postgresqlAsApp()}), with
     * {@code extraUrlParameters} (e.g. {@code reWriteBatchedInserts=true}) appended to the URL.
     */
    public Connection connectAsApplication(String extraUrlParameters) throws SQLException {
        if (database == null) {
            throw new IllegalStateException("not a PostgreSQL store");
        }
        String url = pgBase() + database + (extraUrlParameters.isEmpty() ? "" : "?" + extraUrlParameters);
        return appRole ? DriverManager.getConnection(url, appUser(), appPassword())
                : DriverManager.getConnection(url, pgUser(), pgPassword());
    }

    @Override
    public void close() throws IOException, SQLException {
        try {
            if (database != null) {
                try (Connection c = DriverManager.getConnection(pgBase() + "postgres", pgUser(), pgPassword());
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                }
            }
        } finally {
            deleteTree(dataDir);
        }
    }

    static String pgBase() {
        String url = System.getenv().getOrDefault("CUSTODIA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        return url.endsWith("/") ? url : url + "/";
    }

    static String pgUser() {
        return System.getenv().getOrDefault("CUSTODIA_BENCH_PG_USER", "postgres");
    }

    static String pgPassword() {
        return System.getenv().getOrDefault("CUSTODIA_BENCH_PG_PASSWORD", "");
    }

    /** The application's login role for {@link #postgresqlAsApp()}. */
    public static String appUser() {
        return System.getenv().getOrDefault("CUSTODIA_BENCH_PG_APP_USER", "custodia_app");
    }

    static String appPassword() {
        return System.getenv().getOrDefault("CUSTODIA_BENCH_PG_APP_PASSWORD", "");
    }

    /** Deletes a directory tree, best effort. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
