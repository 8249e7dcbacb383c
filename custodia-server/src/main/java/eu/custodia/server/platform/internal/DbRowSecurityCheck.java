package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.TenantRowScope;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Commitment 4, the second wall around tenant data: on PostgreSQL the forced row-level security policies of
 * {@link TenantRowScope#TABLES} bind the application only if its connection role does not own those tables
 * (nor is a member of their owner), is not a superuser and has no {@code BYPASSRLS}; and the policies must be
 * enabled and forced. Asks the database, as the application's own connection. Does not apply to SQLite.
 */
@Component
final class DbRowSecurityCheck implements HardeningCheck {

    static final String ID = "db-row-security";
    private static final String FIX_EN = " Let a separate owner role migrate (custodia.db.migration-user and "
            + "custodia.db.migration-password) and connect the application as a role that owns nothing and is "
            + "neither superuser nor BYPASSRLS, e.g. CREATE ROLE custodia_app LOGIN NOSUPERUSER NOBYPASSRLS "
            + "PASSWORD '...'; then custodia.db.user=custodia_app.";
    private static final String FIX_IT = " Far migrare un ruolo proprietario distinto (custodia.db.migration-user e "
            + "custodia.db.migration-password) e collegare l'applicazione con un ruolo che non possiede nulla e non "
            + "è né superuser né BYPASSRLS, ad es. CREATE ROLE custodia_app LOGIN NOSUPERUSER NOBYPASSRLS "
            + "PASSWORD '...'; poi custodia.db.user=custodia_app.";

    /** What the database says about one tenant-data table. */
    record TableState(String name, boolean ownedByRole, boolean enabled, boolean forced) {
    }

    /** What the database says about the application's role and the tenant-data tables. */
    record RoleState(String role, boolean superuser, boolean bypassRls, List<TableState> tables) {
    }

    private final JdbcClient jdbc;
    private final CustodiaProperties properties;

    DbRowSecurityCheck(JdbcClient jdbc, CustodiaProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public List<HardeningResult> check() {
        if (properties.db().embedded()) {
            return List.of(HardeningResult.pass(ID, 4,
                    "Not applicable: row-level security is a PostgreSQL wall; embedded SQLite has no database roles"
                            + " (one process owns the file), so the tenant filters of the application are the wall.",
                    "Non applicabile: la sicurezza a livello di riga è una protezione di PostgreSQL; SQLite integrato "
                            + "non ha ruoli (un solo processo possiede il file), quindi la protezione sono i filtri "
                            + "per tenant dell'applicazione."));
        }
        RoleState state;
        try {
            state = read();
        } catch (DataAccessException e) {
            return List.of(HardeningResult.fail(ID, 4,
                    "Cannot read the database role's attributes to verify row-level security: " + e.getMessage(),
                    "Impossibile leggere gli attributi del ruolo del database per verificare la sicurezza a livello"
                            + " di riga: " + e.getMessage()));
        }
        return List.of(evaluate(state));
    }

    private RoleState read() {
        RoleState role = jdbc.sql("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query((rs, n) -> new RoleState(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), List.of()))
                .single();
        String placeholders = String.join(", ", TenantRowScope.TABLES.stream().map(t -> "?").toList());
        List<TableState> tables = jdbc.sql("SELECT c.relname, pg_has_role(current_user, c.relowner, 'MEMBER'),"
                + " c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                + " AND c.relname IN (" + placeholders + ")")
                .params(TenantRowScope.TABLES)
                .query((rs, n) -> new TableState(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3),
                        rs.getBoolean(4)))
                .list();
        return new RoleState(role.role(), role.superuser(), role.bypassRls(), tables);
    }

    /** The verdict on what the database said (package-private for tests). */
    static HardeningResult evaluate(RoleState state) {
        List<String> en = new ArrayList<>();
        List<String> it = new ArrayList<>();
        String role = state.role();
        if (state.superuser()) {
            en.add("the application's role " + role + " is a superuser");
            it.add("il ruolo dell'applicazione " + role + " è superuser");
        }
        if (state.bypassRls()) {
            en.add("the application's role " + role + " has BYPASSRLS");
            it.add("il ruolo dell'applicazione " + role + " ha BYPASSRLS");
        }
        List<String> owned = new ArrayList<>();
        List<String> unprotected = new ArrayList<>();
        List<String> missing = new ArrayList<>(TenantRowScope.TABLES);
        for (TableState t : state.tables()) {
            missing.remove(t.name());
            if (t.ownedByRole()) {
                owned.add(t.name());
            }
            if (!t.enabled() || !t.forced()) {
                unprotected.add(t.name());
            }
        }
        if (!owned.isEmpty()) {
            en.add("the application's role " + role + " owns (or may act as the owner of) " + String.join(", ", owned));
            it.add("il ruolo dell'applicazione " + role + " possiede (o può agire come proprietario di) "
                    + String.join(", ", owned));
        }
        unprotected.addAll(missing);
        if (!unprotected.isEmpty()) {
            en.add("row-level security is not enabled and forced on " + String.join(", ", unprotected)
                    + " (migration V54 missing?)");
            it.add("la sicurezza a livello di riga non è attivata e forzata su " + String.join(", ", unprotected)
                    + " (manca la migrazione V54?)");
        }
        if (en.isEmpty()) {
            return HardeningResult.pass(ID, 4,
                    "Row-level security binds the application's role " + role + " on every tenant-data table: it "
                            + "owns none of them and is neither superuser nor BYPASSRLS.",
                    "La sicurezza a livello di riga vincola il ruolo dell'applicazione " + role + " su ogni tabella "
                            + "di dati dei tenant: non ne possiede nessuna e non è né superuser né BYPASSRLS.");
        }
        return HardeningResult.fail(ID, 4,
                "Row-level security does not protect tenant data: " + String.join("; ", en) + "." + FIX_EN,
                "La sicurezza a livello di riga non protegge i dati dei tenant: " + String.join("; ", it) + "."
                        + FIX_IT);
    }
}
