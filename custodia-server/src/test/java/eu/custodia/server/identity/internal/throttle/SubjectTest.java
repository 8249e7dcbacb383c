package eu.custodia.server.identity.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.identity.internal.throttle.Subject.Kind;
import eu.custodia.server.identity.internal.throttle.Subject.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Counter names: SHA-256 of kind|scope|value, one counter per kind and scope, the value never shown. */
class SubjectTest {

    static String sha256Hex(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keyWhenComputedThenSha256HexOfKindScopeAndValue() throws Exception {
        assertThat(Subject.account(Kind.PASSWORD, "alice@example.com").key())
                .isEqualTo(sha256Hex("PASSWORD|ACCOUNT|alice@example.com")).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(Subject.address(Kind.SECOND_FACTOR, "2001:db8::1").key())
                .isEqualTo(sha256Hex("SECOND_FACTOR|ADDRESS|2001:db8::1"));
    }

    @Test
    void keyWhenKindOrScopeDiffersThenDifferentCounter() {
        Set<String> keys = Set.of(Subject.account(Kind.PASSWORD, "x").key(), Subject.account(Kind.SECOND_FACTOR, "x").key(),
                Subject.address(Kind.PASSWORD, "x").key(), Subject.address(Kind.SECOND_FACTOR, "x").key());
        assertThat(keys).hasSize(4);
    }

    @Test
    void toStringWhenPrintedThenValueLeftOut() {
        assertThat(Subject.account(Kind.PASSWORD, "alice@example.com")).hasToString("Subject[PASSWORD, ACCOUNT]");
        assertThat(new Subject(Kind.SECOND_FACTOR, Scope.ADDRESS, "203.0.113.7").toString()).doesNotContain("203");
    }

    @Test
    void constructWhenBlankOrNullThenRefused() {
        assertThatThrownBy(() -> Subject.account(Kind.PASSWORD, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subject.account(Kind.PASSWORD, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Subject.account(null, "a")).isInstanceOf(NullPointerException.class);
    }
}
