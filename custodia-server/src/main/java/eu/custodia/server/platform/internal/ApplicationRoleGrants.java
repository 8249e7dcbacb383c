package eu.custodia.server.platform.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * After every Flyway migrate run by the owner role ({@code custodia.db.migration-user}), grants the
 * application's PostgreSQL role exactly the data access it needs on the schema: {@code SELECT, INSERT, UPDATE,
 * DELETE} on every table, {@code USAGE, SELECT} on every sequence and {@code EXECUTE} on every function, but no
 * write access to Flyway's history table and no ownership, so the forced row-level security policies apply to
 * it. The grants run in the migration's connection as the owner, on every start, so a table added by a later
 * migration is covered without a migration that names the application's role.
 */
final class ApplicationRoleGrants implements Callback {

    private final String role;

    ApplicationRoleGrants(String role) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("the application's database role is required");
        }
        this.role = role;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try (Statement s = connection.createStatement()) {
            String schema;
            try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                rs.next();
                schema = quote(rs.getString(1));
            }
            String grantee = quote(role);
            String history = schema + "." + quote(context.getConfiguration().getTable());
            for (String sql : List.of(
                    "GRANT USAGE ON SCHEMA " + schema + " TO " + grantee,
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + grantee,
                    "REVOKE INSERT, UPDATE, DELETE ON " + history + " FROM " + grantee,
                    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + grantee,
                    "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + schema + " TO " + grantee)) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot grant the application's database role " + role
                    + " access to the schema: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "custodia-application-role-grants";
    }

    /** A PostgreSQL identifier, quoted (so any name is one identifier, never SQL). */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
