package eu.custodia.server.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * Instants to and from SQL on both stores, at microsecond precision: PostgreSQL {@code TIMESTAMPTZ}, and on
 * SQLite fixed-width UTC ISO-8601 text ({@code 2026-01-31T09:15:00.000000Z}) so that text order is time order.
 * The one place that knows how each store keeps time; every module binds and reads instants through it.
 */
@Component
public final class SqlInstants {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final boolean postgres;

    public SqlInstants(CustodiaProperties properties) {
        this.postgres = !properties.db().embedded();
    }

    /** True on PostgreSQL, false on the embedded SQLite store (for the few statements that differ). */
    public boolean postgres() {
        return postgres;
    }

    /** The value to bind for {@code instant} (null stays null). */
    public Object bind(Instant instant) {
        if (instant == null) {
            return null;
        }
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        return postgres ? OffsetDateTime.ofInstant(micros, ZoneOffset.UTC) : TEXT.format(micros);
    }

    /** Reads the instant in {@code column}, or null. */
    public Instant read(ResultSet rs, String column) throws SQLException {
        if (postgres) {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
        String value = rs.getString(column);
        return value == null ? null : Instant.parse(value);
    }
}
