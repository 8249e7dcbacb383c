package eu.custodia.server.tenancy.internal;

import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant register's tables, through explicit SQL with named parameters. Times are {@code TIMESTAMPTZ}
 * on PostgreSQL and ISO-8601 UTC text on SQLite. JdbcClient already translates SQL errors into Spring's
 * DataAccessException hierarchy, so no repository proxy is needed.
 */
@Component
final class TenantRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SqlInstants instants;

    TenantRepository(JdbcClient jdbc, JsonMapper json, SqlInstants instants) {
        this.jdbc = jdbc;
        this.json = json;
        this.instants = instants;
    }

    /** A tenant with its position in the register (for cursors). */
    record Row(long seq, Tenant tenant) {
    }

    /** One lifecycle transition. */
    record Transition(TenantState from, TenantState to, String actorId, String actorKind, String reason,
            Instant at) {
    }

    /** A stored Idempotency-Key: the hash of the request it was used for and the response it got. */
    record IdempotentResponse(String requestHash, TenantId tenant, String response) {
    }

    void insert(Tenant t) {
        jdbc.sql("""
                insert into tenants (id, state, version, contract, created_at, updated_at)
                values (:id, :state, :version, :contract, :createdAt, :updatedAt)""")
                .param("id", t.id().value())
                .param("state", t.state().code())
                .param("version", t.version())
                .param("contract", json.writeValueAsString(t.contract()))
                .param("createdAt", time(t.createdAt()))
                .param("updatedAt", time(t.updatedAt()))
                .update();
    }

    Optional<Tenant> find(TenantId id) {
        return jdbc.sql("select * from tenants where id = :id").param("id", id.value())
                .query((rs, n) -> map(rs)).optional();
    }

    /** The tenant's lifecycle state alone (no contract to parse), or empty if there is none with this id. */
    Optional<TenantState> state(TenantId id) {
        return jdbc.sql("select state from tenants where id = :id").param("id", id.value())
                .query((rs, n) -> TenantState.fromCode(rs.getString("state"))).optional();
    }

    /** Tenants after {@code afterSeq} in register order, at most {@code limit}; only {@code only} if not null. */
    List<Row> page(long afterSeq, int limit, TenantId only) {
        var sql = only == null
                ? jdbc.sql("select * from tenants where seq > :after order by seq limit :limit")
                : jdbc.sql("select * from tenants where seq > :after and id = :only order by seq limit :limit")
                        .param("only", only.value());
        return sql.param("after", afterSeq).param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong("seq"), map(rs))).list();
    }

    /** Replaces the contract if the version still matches; returns false if it does not. */
    boolean updateContract(TenantId id, long expectedVersion, TenantContract contract, Instant at) {
        return jdbc.sql("""
                update tenants set contract = :contract, version = version + 1, updated_at = :at
                where id = :id and version = :version""")
                .param("contract", json.writeValueAsString(contract))
                .param("at", time(at))
                .param("id", id.value())
                .param("version", expectedVersion)
                .update() == 1;
    }

    /** Moves the tenant to {@code to} if it is still in {@code from} at the expected version. */
    boolean updateState(TenantId id, long expectedVersion, TenantState from, TenantState to, Instant at) {
        return jdbc.sql("""
                update tenants set state = :to, version = version + 1, updated_at = :at
                where id = :id and version = :version and state = :from""")
                .param("to", to.code())
                .param("at", time(at))
                .param("id", id.value())
                .param("version", expectedVersion)
                .param("from", from.code())
                .update() == 1;
    }

    void insertTransition(TenantId id, Transition t) {
        jdbc.sql("""
                insert into tenant_transitions (tenant_id, from_state, to_state, actor_id, actor_kind, reason, at)
                values (:id, :from, :to, :actorId, :actorKind, :reason, :at)""")
                .param("id", id.value())
                .param("from", t.from() == null ? null : t.from().code(), java.sql.Types.VARCHAR)
                .param("to", t.to().code())
                .param("actorId", t.actorId())
                .param("actorKind", t.actorKind())
                .param("reason", t.reason())
                .param("at", time(t.at()))
                .update();
    }

    List<Transition> transitions(TenantId id) {
        return jdbc.sql("select * from tenant_transitions where tenant_id = :id order by seq")
                .param("id", id.value())
                .query((rs, n) -> new Transition(TenantState.fromCode(rs.getString("from_state")),
                        TenantState.fromCode(rs.getString("to_state")), rs.getString("actor_id"),
                        rs.getString("actor_kind"), rs.getString("reason"), instant(rs, "at")))
                .list();
    }

    /** The response first given to {@code key} of this caller, if it was given after {@code notBefore}. */
    Optional<IdempotentResponse> idempotentResponse(String callerId, String key, Instant notBefore) {
        return jdbc.sql("""
                select request_hash, tenant_id, response from tenant_idempotency_keys
                where caller_id = :caller and idem_key = :key and created_at > :notBefore""")
                .param("caller", callerId)
                .param("key", key)
                .param("notBefore", time(notBefore))
                .query((rs, n) -> new IdempotentResponse(rs.getString("request_hash"),
                        new TenantId(rs.getString("tenant_id")), rs.getString("response")))
                .optional();
    }

    /** Forgets this caller's {@code key} if it was given at or before {@code notAfter}, so it can be used anew. */
    void deleteExpiredIdempotencyKey(String callerId, String key, Instant notAfter) {
        jdbc.sql("delete from tenant_idempotency_keys where caller_id = :caller and idem_key = :key"
                        + " and created_at <= :notAfter")
                .param("caller", callerId)
                .param("key", key)
                .param("notAfter", time(notAfter))
                .update();
    }

    /** Forgets every idempotency key given at or before {@code notAfter}; returns how many. */
    int deleteExpiredIdempotencyKeys(Instant notAfter) {
        return jdbc.sql("delete from tenant_idempotency_keys where created_at <= :notAfter")
                .param("notAfter", time(notAfter))
                .update();
    }

    void insertIdempotencyKey(String callerId, String key, String requestHash, TenantId tenant, String response,
            Instant at) {
        jdbc.sql("""
                insert into tenant_idempotency_keys (caller_id, idem_key, request_hash, tenant_id, response, created_at)
                values (:caller, :key, :hash, :tenant, :response, :at)""")
                .param("caller", callerId)
                .param("key", key)
                .param("hash", requestHash)
                .param("tenant", tenant.value())
                .param("response", response)
                .param("at", time(at))
                .update();
    }

    private Tenant map(ResultSet rs) throws SQLException {
        return new Tenant(new TenantId(rs.getString("id")), TenantState.fromCode(rs.getString("state")),
                rs.getLong("version"), instant(rs, "created_at"), instant(rs, "updated_at"),
                json.readValue(rs.getString("contract"), TenantContract.class));
    }

    private Object time(Instant at) {
        return instants.bind(at);
    }

    private Instant instant(ResultSet rs, String column) throws SQLException {
        return instants.read(rs, column);
    }
}
