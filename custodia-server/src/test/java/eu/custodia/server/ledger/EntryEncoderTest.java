package eu.custodia.server.ledger;

import eu.custodia.server.platform.LedgerEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.ledger.internal.EntryEncoder;
import eu.custodia.server.platform.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryEncoderTest {

    private static final TenantId TENANT = new TenantId("t-abcdefghijklmnopqrstuvwxyz");
    private static final LedgerEvent.Actor ACTOR = new LedgerEvent.Actor("key-01", "api-key",
            List.of("tenant-admin", "platform-operator"), List.of("api-key"), null);

    static LedgerEvent event(String reason) {
        return new LedgerEvent(Instant.parse("2026-03-01T10:15:30.123456Z"), TENANT, ACTOR, "tenant.created",
                "tenant/" + TENANT.value(), "success", reason, "req-1");
    }

    @Test
    void encodeWhenValidThenVersionByteAndCanonicalJsonOfExactlyTheFields() {
        byte[] entry = EntryEncoder.encode(event("ticket OPS-42"));
        assertThat(entry[0]).isEqualTo((byte) 0x01);
        assertThat(new String(entry, 1, entry.length - 1, StandardCharsets.UTF_8)).isEqualTo(
                "{\"action\":\"tenant.created\",\"actor\":{\"authMethods\":[\"api-key\"],\"grantId\":null,"
                        + "\"id\":\"key-01\",\"kind\":\"api-key\",\"roles\":[\"tenant-admin\",\"platform-operator\"]},"
                        + "\"outcome\":\"success\",\"reason\":\"ticket OPS-42\",\"requestId\":\"req-1\","
                        + "\"target\":\"tenant/t-abcdefghijklmnopqrstuvwxyz\",\"tenant\":\"t-abcdefghijklmnopqrstuvwxyz\","
                        + "\"time\":\"2026-03-01T10:15:30.123Z\"}");
    }

    @Test
    void encodeWhenPlatformEventAtWholeSecondThenNullTenantAndMillisecondsKept() {
        LedgerEvent e = new LedgerEvent(Instant.parse("2026-03-01T10:15:30Z"), null, LedgerEvent.Actor.SYSTEM,
                "ledger.key-created", "ledger", "success", null, null);
        String json = new String(EntryEncoder.encode(e), 1, EntryEncoder.encode(e).length - 1, StandardCharsets.UTF_8);
        assertThat(json).contains("\"tenant\":null", "\"time\":\"2026-03-01T10:15:30.000Z\"", "\"reason\":null",
                "\"requestId\":null");
    }

    @Test
    void encodeWhenActorIdIsAPersonsNameThenRejectedWithoutEchoingIt() {
        LedgerEvent e = new LedgerEvent(Instant.EPOCH, TENANT, new LedgerEvent.Actor("Mario Rossi", "user",
                List.of(), List.of(), null), "tenant.created", "tenant/x", "success", null, null);
        assertThatThrownBy(() -> EntryEncoder.encode(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actor.id").hasMessageNotContaining("Rossi");
    }

    @Test
    void encodeWhenTargetCarriesFreeTextThenRejected() {
        LedgerEvent e = new LedgerEvent(Instant.EPOCH, TENANT, ACTOR, "record.read",
                "patient file of Giulia Bianchi", "success", null, null);
        assertThatThrownBy(() -> EntryEncoder.encode(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target").hasMessageNotContaining("Bianchi");
    }

    @Test
    void encodeWhenReasonTooLongOrHasControlCharactersThenRejected() {
        assertThatThrownBy(() -> EntryEncoder.encode(event("x".repeat(EntryEncoder.MAX_REASON + 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> EntryEncoder.encode(event("line1\nforged: entry")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control");
        assertThatThrownBy(() -> EntryEncoder.encode(event("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeWhenActionOrOutcomeNotInTheVocabularyThenRejected() {
        LedgerEvent badAction = new LedgerEvent(Instant.EPOCH, TENANT, ACTOR, "Tenant Created", "tenant/x",
                "success", null, null);
        LedgerEvent badOutcome = new LedgerEvent(Instant.EPOCH, TENANT, ACTOR, "tenant.created", "tenant/x",
                "ok", null, null);
        assertThatThrownBy(() -> EntryEncoder.encode(badAction)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryEncoder.encode(badOutcome)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodeWhenEntryOver64KibThenRefused() {
        char[] role = new char[EntryEncoder.MAX_ID];
        Arrays.fill(role, 'r');
        List<String> roles = Collections.nCopies(EntryEncoder.MAX_LIST, new String(role));
        LedgerEvent e = new LedgerEvent(Instant.EPOCH, TENANT, new LedgerEvent.Actor("key-01", "api-key", roles,
                List.of(), null), "tenant.created", "tenant/x", "success", null, null);
        assertThatThrownBy(() -> EntryEncoder.encode(e)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535 bytes");
    }

    @Test
    void encodeWhenTooManyRolesThenRejected() {
        List<String> roles = Collections.nCopies(EntryEncoder.MAX_LIST + 1, "r");
        LedgerEvent e = new LedgerEvent(Instant.EPOCH, TENANT, new LedgerEvent.Actor("key-01", "api-key", roles,
                List.of(), null), "tenant.created", "tenant/x", "success", null, null);
        assertThatThrownBy(() -> EntryEncoder.encode(e)).isInstanceOf(IllegalArgumentException.class);
    }
}
