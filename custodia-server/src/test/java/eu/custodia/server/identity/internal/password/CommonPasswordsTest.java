package eu.custodia.server.identity.internal.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped blocklist and its case-insensitive lookup. */
class CommonPasswordsTest {

    @Test
    void shippedWhenLoadedThenEveryEntryFoldedAndWithinTheLengthRule() {
        CommonPasswords shipped = CommonPasswords.shipped();
        assertThat(shipped.size()).isEqualTo(43_940);
        assertThat(shipped).isSameAs(CommonPasswords.shipped()).hasToString("CommonPasswords[43940 entries]");
        assertThat(shipped.contains("1qaz2wsx3edc")).isTrue();
        assertThat(shipped.contains("1QAZ2wsx3EDC")).isTrue();
        assertThat(shipped.contains("correct horse battery staple")).isFalse();
    }

    @Test
    void shippedResourceWhenReadLineByLineThenSortedDistinctLowerCase12To128() throws Exception {
        List<String> lines;
        try (var in = CommonPasswords.class.getResourceAsStream(CommonPasswords.RESOURCE)) {
            assertThat(in).isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(43_940).isSorted().doesNotHaveDuplicates();
        for (String line : lines) {
            assertThat(PasswordText.folded(line)).isEqualTo(line);
            assertThat(PasswordText.codePoints(line)).isBetween(PasswordPolicy.MIN_LENGTH, PasswordPolicy.MAX_LENGTH);
        }
    }

    @Test
    void readWhenEntriesDifferOnlyInCaseOrFormThenOne() throws Exception {
        byte[] text = "Hunter2Hunter2\nhunter2hunter2\n\n\uff48unter2hunter2\n".getBytes(StandardCharsets.UTF_8);
        CommonPasswords list = CommonPasswords.read(new ByteArrayInputStream(text));
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.contains("HUNTER2HUNTER2")).isTrue();
        assertThat(CommonPasswords.of(List.of("A", "a")).size()).isEqualTo(1);
    }
}
