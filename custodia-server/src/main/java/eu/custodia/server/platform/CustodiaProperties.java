package eu.custodia.server.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform settings, prefix {@code custodia} (environment: {@code CUSTODIA_MODE}, {@code CUSTODIA_DATA_DIR},
 * {@code CUSTODIA_ORIGIN}, {@code CUSTODIA_NODES}, {@code CUSTODIA_DB_URL}, {@code CUSTODIA_DB_USER},
 * {@code CUSTODIA_DB_PASSWORD}, {@code CUSTODIA_DB_MIGRATION_USER}, {@code CUSTODIA_DB_MIGRATION_PASSWORD}).
 *
 * @param mode {@code dev} (default) or {@code production}
 * @param dataDir where the embedded database, generated certificate and local keys live ({@code ./data})
 * @param origin this deployment's log-origin prefix, e.g. {@code custodia.example.com}; each tenant's log
 *     origin is {@code <origin>/tenants/<tenant id>}, the platform's {@code <origin>/platform}
 * @param nodes how many Custodia nodes share the database (SQLite allows one)
 * @param db the database; empty URL means embedded SQLite under the data directory
 */
@ConfigurationProperties("custodia")
public record CustodiaProperties(@DefaultValue("dev") Mode mode, @DefaultValue("./data") Path dataDir,
        @DefaultValue("localhost") String origin, @DefaultValue("1") int nodes, @DefaultValue Db db) {

    /**
     * @param url JDBC URL; empty for the embedded SQLite default
     * @param user database user (PostgreSQL)
     * @param password database password (PostgreSQL); never logged
     * @param maxPoolSize connections kept open to PostgreSQL by this node (SQLite always uses 4)
     * @param migrationUser PostgreSQL role that owns the tables and runs the migrations (Flyway); empty means
     *     {@code user} migrates too. With it set, the application's {@code user} is granted only data access
     *     and stays subject to row-level security
     * @param migrationPassword password of {@code migrationUser}; never logged
     */
    public record Db(String url, String user, String password, @DefaultValue("20") int maxPoolSize,
            String migrationUser, String migrationPassword) {

        public boolean embedded() {
            return url == null || url.isBlank() || url.startsWith("jdbc:sqlite:");
        }

        /** Whether a separate owner role migrates the PostgreSQL schema (the application's role does not). */
        public boolean separateMigrationUser() {
            return !embedded() && migrationUser != null && !migrationUser.isBlank() && !migrationUser.equals(user);
        }

        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", maxPoolSize=" + maxPoolSize + ", migrationUser=" + migrationUser + ", migrationPassword="
                    + (migrationPassword == null ? "none" : "***") + "]";
        }
    }

    /** Returns the SQLite file used when no database URL is configured. */
    public Path embeddedDatabase() {
        return dataDir.resolve("custodia.db");
    }
}
