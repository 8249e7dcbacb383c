package eu.custodia.server.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.backup.BackupException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body's format picks its tables: v2 (with notices and webhook endpoints), v1 still read, others refused. */
class BodyCodecTest {

    @Test
    void readWhenV1OrV2ThenTheirTablesInOrderWhenUnknownThenRefusedClearly() throws Exception {
        assertThat(sections(BodyCodec.FORMAT_V1, TenantTables.V1)).isEqualTo(names(TenantTables.V1));
        assertThat(sections(BodyCodec.FORMAT, TenantTables.ALL)).isEqualTo(names(TenantTables.ALL));
        assertThat(names(TenantTables.ALL)).endsWith("notices", "notice_webhook_endpoints")
                .doesNotContain("notice_deliveries", "notice_delivery_attempts");
        assertThat(TenantTables.DATA).contains(TenantTables.NOTICES, TenantTables.ENDPOINTS);

        // a v2 body read as v1 (or the reverse) does not parse: the sections are checked by name
        assertThatThrownBy(() -> sections(BodyCodec.FORMAT_V1, TenantTables.ALL))
                .hasMessageContaining("expected section blob-files");
        assertThatThrownBy(() -> sections("custodia-backup-body/v9", TenantTables.ALL))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("format 'custodia-backup-body/v9', which this version of Custodia cannot read")
                .satisfies(e -> assertThat(((BackupException) e).italian()).contains("non sa leggere"));
    }

    /** Writes an empty body of {@code format} with the sections of {@code tables}, reads it back. */
    private static List<String> sections(String format, List<TenantTables.Table> tables) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(format);
            for (TenantTables.Table table : tables) {
                out.writeUTF(table.name());
                out.writeByte(1);
                for (TenantTables.Column column : table.columns()) {
                    BodyCodec.writeValue(out, column, null);
                }
                out.writeByte(0);
            }
            out.writeUTF(BodyCodec.BLOB_FILES);
            out.writeByte(0);
            out.writeUTF("end");
        }
        List<String> seen = new ArrayList<>();
        BodyCodec.read(new ByteArrayInputStream(bytes.toByteArray()), new BodyCodec.Sink() {
            @Override
            public void row(TenantTables.Table table, Object[] values) {
                seen.add(table.name());
            }

            @Override
            public void blobFile(String blobId, long version, long length, InputStream in) {
            }
        });
        return seen;
    }

    private static List<String> names(List<TenantTables.Table> tables) {
        return tables.stream().map(TenantTables.Table::name).toList();
    }
}
