package eu.custodia.server.identity.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

/**
 * The one query every API request runs (an API key by id), kept prepared on SQLite. SQLite compiles a
 * statement on every {@code prepare}, which for this lookup costs about twice as much as running it, and the
 * connection pool (HikariCP) deliberately keeps no statements; so this class keeps one prepared statement
 * per physical connection. It is safe because a pooled connection serves one thread at a time, the statement
 * is used only while its connection is borrowed, and a connection the pool closes takes its statement with
 * it (the map holds connections weakly). On PostgreSQL the driver keeps server-side prepared statements
 * itself, so the lookup goes through {@link JdbcClient} unchanged.
 */
final class KeyLookup {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final boolean sqlite;
    private final String sql;
    private final Map<Connection, PreparedStatement> prepared = Collections.synchronizedMap(new WeakHashMap<>());
    private final SQLExceptionTranslator translator = new SQLStateSQLExceptionTranslator();

    KeyLookup(DataSource dataSource, JdbcClient jdbc, boolean sqlite, String sql) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.sqlite = sqlite;
        this.sql = sql;
    }

    /** The first row for {@code id}, mapped, or empty. */
    <T> Optional<T> find(String id, RowMapper<T> mapper) {
        if (!sqlite) {
            return jdbc.sql(sql).param(id).query(mapper).optional();
        }
        Connection borrowed = DataSourceUtils.getConnection(dataSource);
        try {
            Connection physical = borrowed.unwrap(Connection.class);
            PreparedStatement statement = prepared.get(physical);
            if (statement == null || statement.isClosed()) {
                statement = physical.prepareStatement(sql);
                prepared.put(physical, statement);
            }
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.mapRow(rs, 0)) : Optional.empty();
            } finally {
                statement.clearParameters();
            }
        } catch (SQLException e) {
            throw translator.translate("API key lookup", sql, e);
        } finally {
            DataSourceUtils.releaseConnection(borrowed, dataSource);
        }
    }
}
