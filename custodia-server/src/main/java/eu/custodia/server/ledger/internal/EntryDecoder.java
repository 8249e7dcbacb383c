package eu.custodia.server.ledger.internal;

import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads back an entry that {@link EntryEncoder} wrote: the version byte {@code 0x01} and the RFC 8785 JSON of
 * the event's fields. Only for entries read from the ledger's own tables; a malformed one is a damaged log.
 */
final class EntryDecoder {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A decoded entry. */
    record Decoded(LedgerEvent event) {
    }

    private EntryDecoder() {
    }

    /**
     * Decodes {@code entry}.
     *
     * @throws IllegalStateException if it is not an entry of version 1
     */
    static Decoded decode(byte[] entry) {
        if (entry.length < 2 || entry[0] != EntryEncoder.VERSION) {
            throw new IllegalStateException("ledger entry is not of version 1");
        }
        try {
            JsonNode json = JSON.readTree(entry, 1, entry.length - 1);
            JsonNode actor = json.get("actor");
            String tenant = text(json, "tenant");
            LedgerEvent.Actor who = new LedgerEvent.Actor(text(actor, "id"), text(actor, "kind"),
                    list(actor, "roles"), list(actor, "authMethods"), text(actor, "grantId"));
            return new Decoded(new LedgerEvent(Instant.parse(text(json, "time")),
                    tenant == null ? null : new TenantId(tenant), who, text(json, "action"), text(json, "target"),
                    text(json, "outcome"), text(json, "reason"), text(json, "requestId")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("ledger entry cannot be decoded", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static List<String> list(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        JsonNode value = node == null ? null : node.get(field);
        if (value != null) {
            value.forEach(v -> out.add(v.asString()));
        }
        return out;
    }
}
