package eu.custodia.server.ledger.internal;

import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.tlog.tiles.EntryBundle;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@link LedgerEvent} and encodes it as a log entry: the version byte {@code 0x01} followed by
 * the RFC 8785 canonical JSON ({@link CanonicalJson}) of exactly {@code time} (RFC 3339, UTC, milliseconds,
 * {@code Z}), {@code tenant}, {@code actor} {id, kind, roles, authMethods, grantId}, {@code action},
 * {@code target}, {@code outcome}, {@code reason}, {@code requestId}.
 *
 * <p>Ledger entries carry identifiers and metadata only (DESIGN.md §3.5). Identifiers must be printable
 * ASCII without spaces (at most {@value #MAX_ID} characters), so names, addresses and sentences do not fit;
 * the only free text is the reason, at most {@value #MAX_REASON} characters without control characters.
 * The whole entry must fit a tlog-tiles entry bundle: at most 65,535 bytes.
 */
public final class EntryEncoder {

    /** The entry format version, the first byte of every entry. */
    public static final byte VERSION = 0x01;
    /** Longest identifier (ids, kinds, roles, methods, grant, target, request id). */
    public static final int MAX_ID = 256;
    /** Longest reason. */
    public static final int MAX_REASON = 500;
    /** Most roles or authentication methods. */
    public static final int MAX_LIST = 256;
    /** Largest encoded entry, version byte included. */
    public static final int MAX_ENTRY = EntryBundle.MAX_ENTRY_SIZE;

    private static final Pattern IDENTIFIER = Pattern.compile("[\\x21-\\x7e]{1," + MAX_ID + "}");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9-]{0,63}(\\.[a-z][a-z0-9-]{0,63}){1,7}");
    private static final Set<String> OUTCOMES = Set.of("success", "denied", "failure");
    private static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private EntryEncoder() {
    }

    /**
     * Returns the encoded entry.
     *
     * @throws IllegalArgumentException naming the field (never echoing its value) if the event is not valid
     *     or its entry exceeds 65,535 bytes
     */
    public static byte[] encode(LedgerEvent event) {
        if (event.time().isBefore(MIN_TIME) || event.time().isAfter(MAX_TIME)) {
            throw new IllegalArgumentException("ledger event time is outside years 0000-9999");
        }
        LedgerEvent.Actor actor = event.actor();
        Map<String, Object> actorJson = new HashMap<>();
        actorJson.put("id", id("actor.id", actor.id()));
        actorJson.put("kind", id("actor.kind", actor.kind()));
        actorJson.put("roles", ids("actor.roles", actor.roles()));
        actorJson.put("authMethods", ids("actor.authMethods", actor.authMethods()));
        actorJson.put("grantId", actor.grantId() == null ? null : id("actor.grantId", actor.grantId()));
        if (!ACTION.matcher(event.action()).matches()) {
            throw new IllegalArgumentException("ledger event action must be dotted lower-case words, e.g. tenant.created");
        }
        if (!OUTCOMES.contains(event.outcome())) {
            throw new IllegalArgumentException("ledger event outcome must be success, denied or failure");
        }
        Map<String, Object> json = new HashMap<>();
        json.put("time", TIME.format(event.time().truncatedTo(ChronoUnit.MILLIS)));
        json.put("tenant", event.tenant() == null ? null : event.tenant().value());
        json.put("actor", actorJson);
        json.put("action", event.action());
        json.put("target", id("target", event.target()));
        json.put("outcome", event.outcome());
        json.put("reason", event.reason() == null ? null : reason(event.reason()));
        json.put("requestId", event.requestId() == null ? null : id("requestId", event.requestId()));
        byte[] canonical = CanonicalJson.encode(json);
        if (canonical.length + 1 > MAX_ENTRY) {
            throw new IllegalArgumentException("ledger entry would be " + (canonical.length + 1)
                    + " bytes; entries are limited to " + MAX_ENTRY + " bytes");
        }
        byte[] entry = new byte[canonical.length + 1];
        entry[0] = VERSION;
        System.arraycopy(canonical, 0, entry, 1, canonical.length);
        return entry;
    }

    private static String id(String field, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("ledger event " + field + " must be an identifier: 1 to " + MAX_ID
                    + " printable ASCII characters without spaces");
        }
        return value;
    }

    private static List<String> ids(String field, List<String> values) {
        if (values.size() > MAX_LIST) {
            throw new IllegalArgumentException("ledger event " + field + " has more than " + MAX_LIST + " items");
        }
        for (String v : values) {
            id(field, v);
        }
        return values;
    }

    private static String reason(String value) {
        if (value.isEmpty() || value.length() > MAX_REASON) {
            throw new IllegalArgumentException("ledger event reason must be 1 to " + MAX_REASON + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("ledger event reason must not contain control characters");
            }
        }
        return value;
    }
}
