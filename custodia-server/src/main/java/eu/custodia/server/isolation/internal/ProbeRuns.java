package eu.custodia.server.isolation.internal;

import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.isolation.CheckStatus;
import eu.custodia.server.isolation.ProbeRun;
import eu.custodia.server.platform.SqlInstants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The probe's runs in {@code isolation_probe_runs}, newest (last kept) first; the checks as a JSON array of
 * {@code {id, status, reason}}.
 */
@Component
final class ProbeRuns {

    private static final String COLUMNS = "id, started_at, finished_at, outcome, triggered_by, checks_json";

    private final JdbcClient jdbc;
    private final SqlInstants instants;
    private final JsonMapper json;

    ProbeRuns(JdbcClient jdbc, SqlInstants instants, JsonMapper json) {
        this.jdbc = jdbc;
        this.instants = instants;
        this.json = json;
    }

    /** Inserts a run; call inside the transaction that ledgers it. */
    void insert(ProbeRun run) {
        List<Map<String, String>> checks = new ArrayList<>();
        for (CheckResult c : run.checks()) {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("id", c.id());
            item.put("status", c.status().code());
            item.put("reason", c.reason());
            checks.add(item);
        }
        jdbc.sql("INSERT INTO isolation_probe_runs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")
                .params(run.id(), instants.bind(run.startedAt()), instants.bind(run.finishedAt()), run.outcome(),
                        run.triggeredBy(), json.writeValueAsString(checks))
                .update();
    }

    List<ProbeRun> latest(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM isolation_probe_runs ORDER BY seq DESC LIMIT ?")
                .param(limit).query(this::row).list();
    }

    Optional<ProbeRun> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM isolation_probe_runs WHERE id = ?").param(id).query(this::row)
                .optional();
    }

    private ProbeRun row(ResultSet rs, int n) throws SQLException {
        List<CheckResult> checks = new ArrayList<>();
        for (JsonNode item : json.readTree(rs.getString("checks_json")).values()) {
            checks.add(new CheckResult(item.get("id").stringValue(),
                    CheckStatus.ofCode(item.get("status").stringValue()), item.get("reason").stringValue()));
        }
        return new ProbeRun(rs.getString("id"), instants.read(rs, "started_at"), instants.read(rs, "finished_at"),
                "passed".equals(rs.getString("outcome")), rs.getString("triggered_by"), checks);
    }
}
