package eu.custodia.server.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.Mode;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.platform.internal.DbRowSecurityCheck.RoleState;
import eu.custodia.server.platform.internal.DbRowSecurityCheck.TableState;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The verdict of hardening check {@code db-row-security} on what the database reports, in both languages. */
class DbRowSecurityCheckTest {

    private static List<TableState> tables(Function<String, TableState> state) {
        return TenantRowScope.TABLES.stream().map(state).toList();
    }

    private static final List<TableState> PROTECTED = tables(t -> new TableState(t, false, true, true));

    @Test
    void checkWhenSqliteThenPassesAsNotApplicable() {
        CustodiaProperties sqlite = new CustodiaProperties(Mode.PRODUCTION, Path.of("data"), "localhost", 1,
                new CustodiaProperties.Db(null, null, null, 20, null, null));
        List<HardeningResult> results = new DbRowSecurityCheck(null, sqlite).check();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.id()).isEqualTo("db-row-security");
            assertThat(r.reasonEn()).startsWith("Not applicable");
            assertThat(r.reasonIt()).startsWith("Non applicabile");
        });
    }

    @Test
    void evaluateWhenRoleOwnsNothingAndHasNoBypassThenPasses() {
        HardeningResult r = DbRowSecurityCheck.evaluate(new RoleState("custodia_app", false, false, PROTECTED));
        assertThat(r.passed()).isTrue();
        assertThat(r.commitment()).isEqualTo(4);
        assertThat(r.reasonEn()).contains("custodia_app");
    }

    @Test
    void evaluateWhenSuperuserThenFailsSayingHowToFix() {
        HardeningResult r = DbRowSecurityCheck.evaluate(new RoleState("postgres", true, false, PROTECTED));
        assertThat(r.passed()).isFalse();
        assertThat(r.reasonEn()).contains("postgres is a superuser", "custodia.db.migration-user",
                "NOSUPERUSER NOBYPASSRLS");
        assertThat(r.reasonIt()).contains("postgres è superuser", "custodia.db.migration-user");
    }

    @Test
    void evaluateWhenBypassRlsThenFails() {
        HardeningResult r = DbRowSecurityCheck.evaluate(new RoleState("custodia", false, true, PROTECTED));
        assertThat(r.passed()).isFalse();
        assertThat(r.reasonEn()).contains("has BYPASSRLS");
        assertThat(r.reasonIt()).contains("ha BYPASSRLS");
    }

    @Test
    void evaluateWhenRoleOwnsTheTablesThenFailsNamingThem() {
        List<TableState> owned = tables(t -> new TableState(t, t.equals("records"), true, true));
        HardeningResult r = DbRowSecurityCheck.evaluate(new RoleState("custodia", false, false, owned));
        assertThat(r.passed()).isFalse();
        assertThat(r.reasonEn()).contains("custodia owns (or may act as the owner of) records");
        assertThat(r.reasonIt()).contains("possiede (o può agire come proprietario di) records");
    }

    @Test
    void evaluateWhenATableIsNotForcedOrMissingThenFails() {
        List<TableState> loose = tables(t -> new TableState(t, false, true, !t.equals("blobs"))).stream()
                .filter(t -> !t.name().equals("tenant_keysets")).toList();
        HardeningResult r = DbRowSecurityCheck.evaluate(new RoleState("custodia_app", false, false, loose));
        assertThat(r.passed()).isFalse();
        assertThat(r.reasonEn()).contains("not enabled and forced on blobs, tenant_keysets");
        assertThat(r.reasonIt()).contains("non è attivata e forzata su blobs, tenant_keysets");
    }
}
