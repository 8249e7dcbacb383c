package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Commitment 2: embedded SQLite is a single-process store; several nodes on it would each run their own ledger
 * integrator and break the append-only log. More than one node needs PostgreSQL.
 */
@Component
final class SqliteNodesCheck implements HardeningCheck {

    static final String ID = "sqlite-multi-node";
    private final CustodiaProperties properties;

    SqliteNodesCheck(CustodiaProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<HardeningResult> check() {
        int nodes = properties.nodes();
        if (properties.db().embedded() && nodes > 1) {
            return List.of(HardeningResult.fail(ID, 2,
                    "custodia.nodes=" + nodes + " on embedded SQLite: SQLite serves one node only. Use PostgreSQL "
                            + "(custodia.db.url) or set custodia.nodes=1.",
                    "custodia.nodes=" + nodes + " con SQLite integrato: SQLite serve un solo nodo. Usare PostgreSQL "
                            + "(custodia.db.url) o impostare custodia.nodes=1."));
        }
        return List.of(HardeningResult.pass(ID, 2,
                "The store suits " + nodes + " node(s) (" + (properties.db().embedded() ? "SQLite" : "PostgreSQL")
                        + ").",
                "L'archivio è adatto a " + nodes + " nodo/i (" + (properties.db().embedded() ? "SQLite"
                        : "PostgreSQL") + ")."));
    }
}
