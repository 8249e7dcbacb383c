package eu.custodia.server.records;

import eu.custodia.server.platform.TenantId;
import java.nio.charset.StandardCharsets;

/**
 * What a sealed document and a blind-index token are bound to, for code that verifies the records layout from
 * outside the module (the isolation probe): the associated data of a document and the input of an index token.
 * The records module seals and indexes with exactly these; see {@code README.md}, "Records".
 */
public final class RecordLayout {

    private RecordLayout() {
    }

    /** The associated data of a document: {@code custodia/records/v1|<tenant>|<collection>|<id>|<version>}. */
    public static byte[] documentAad(TenantId tenant, String collection, String id, long version) {
        return ("custodia/records/v1|" + tenant.value() + "|" + collection + "|" + id + "|" + version)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The PRF input of a blind-index token: {@code custodia/records/index/v1|<collection>|<field>|<value>}. */
    public static byte[] indexInput(String collection, String field, String value) {
        return ("custodia/records/index/v1|" + collection + "|" + field + "|" + value).getBytes(StandardCharsets.UTF_8);
    }
}
