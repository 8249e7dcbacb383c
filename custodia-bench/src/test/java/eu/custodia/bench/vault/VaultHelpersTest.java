package eu.custodia.bench.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VaultHelpersTest {

    @Test
    void passThroughKeepsTheTinkPrefixAndThePlaintext() throws Exception {
        PassThroughAead aead = new PassThroughAead(0x01020304);
        byte[] plaintext = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = aead.encrypt(plaintext, new byte[] {9});
        assertThat(sealed).startsWith(0x01, 0x01, 0x02, 0x03, 0x04).hasSize(PassThroughAead.PREFIX_BYTES + plaintext.length);
        long keyId = ((sealed[1] & 0xffL) << 24) | ((sealed[2] & 0xffL) << 16) | ((sealed[3] & 0xffL) << 8)
                | (sealed[4] & 0xffL);
        assertThat(keyId).isEqualTo(0x01020304L);
        assertThat(aead.decrypt(sealed, null)).isEqualTo(plaintext);
        assertThat(aead.decrypt(aead.encrypt(new byte[0], null), null)).isEmpty();
    }

    @Test
    void passThroughRefusesAnotherKeysBytes() {
        PassThroughAead aead = new PassThroughAead(7);
        byte[] other = new PassThroughAead(8).encrypt(new byte[] {1, 2}, null);
        assertThatThrownBy(() -> aead.decrypt(other, null)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> aead.decrypt(new byte[] {1, 0, 0}, null)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void customerDocumentsAreJsonOfExactlyTheSizeAsked() {
        JsonMapper json = JsonMapper.builder().build();
        for (long n : new long[] {0, 1, 99_999_999, 123_456_789_012L}) {
            byte[] doc = BenchDocuments.customer(n, BenchDocuments.DOCUMENT_BYTES);
            assertThat(doc).hasSize(1024);
            JsonNode node = json.readTree(doc);
            assertThat(node.get("email").asString()).isEqualTo("customer" + n + "@example.test");
        }
        assertThat(BenchDocuments.customer(5, 1024)).isEqualTo(BenchDocuments.customer(5, 1024));
        assertThat(BenchDocuments.customer(5, 1024)).isNotEqualTo(BenchDocuments.customer(6, 1024));
        assertThatThrownBy(() -> BenchDocuments.customer(1, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void megabytesPerSecondAreDecimal() {
        assertThat(Throughput.megabytesPerSecond(1_000_000, 1_000_000_000L)).isEqualTo(1.0);
        assertThat(Throughput.megabytesPerSecond(256L << 20, 500_000_000L)).isEqualTo(536.870912);
        assertThatThrownBy(() -> Throughput.megabytesPerSecond(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Throughput.megabytesPerSecond(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmUpGoesOnWhileTheRateStillClimbs() {
        assertThat(Throughput.stillWarming(0, 100)).isTrue();
        assertThat(Throughput.stillWarming(100, 116)).isTrue();
        assertThat(Throughput.stillWarming(100, 114)).isFalse();
        assertThat(Throughput.stillWarming(100, 60)).isFalse();
    }

    @Test
    void fillerIdsAreValidRecordIdsInOrder() {
        assertThat(ShredRun.fillerId(1)).isEqualTo("f-000000001");
        assertThat(ShredRun.fillerId(1_000_000)).isEqualTo("f-001000000");
        assertThat(ShredRun.fillerId(9)).isLessThan(ShredRun.fillerId(10));
    }

    @Test
    void theQuickRewrapTargetIsScaledToItsTenants() {
        assertThat(VaultSuite.plan(false).rewrapTenants()).isEqualTo(10_000);
        assertThat(VaultSuite.plan(false).rewrapTargetSeconds()).isEqualTo(30.0);
        assertThat(VaultSuite.plan(true).rewrapTenants()).isEqualTo(1_000);
        assertThat(VaultSuite.plan(true).rewrapTargetSeconds()).isEqualTo(3.0);
    }
}
