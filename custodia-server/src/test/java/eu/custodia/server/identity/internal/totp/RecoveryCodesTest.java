package eu.custodia.server.identity.internal.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RecoveryCodes}: ten distinct random codes, stored salted-hashed, each accepted once. */
class RecoveryCodesTest {

    private static final String SYMBOL = "[0-9a-hjkmnp-tv-z]";
    private static final String DISPLAY = SYMBOL + "{4}-" + SYMBOL + "{4}-" + SYMBOL + "{4}-" + SYMBOL + "{4}";

    private final RecoveryCodes recoveryCodes = new RecoveryCodes();

    @Test
    void issueThenTenDistinctCodesInDisplayFormWithTheirHashes() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();

        assertThat(issued.codes()).hasSize(RecoveryCodes.COUNT).hasSize(10).doesNotHaveDuplicates()
                .allMatch(c -> c.matches(DISPLAY), DISPLAY);
        assertThat(issued.hashes()).hasSize(10).doesNotHaveDuplicates()
                .allMatch(h -> h.matches("sha256\\$[0-9a-f]{32}\\$[0-9a-f]{64}"));
        assertThat(RecoveryCodes.BITS).isGreaterThanOrEqualTo(60);
    }

    @Test
    void issueThenHashesRevealNoCode() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        String stored = String.join("\n", issued.hashes());

        for (String code : issued.codes()) {
            assertThat(stored).doesNotContain(code).doesNotContain(RecoveryCodes.canonical(code));
        }
    }

    @Test
    void issueTwiceThenDifferentCodes() {
        List<String> first = recoveryCodes.issue().codes();
        assertThat(recoveryCodes.issue().codes()).doesNotContainAnyElementsOf(first);
    }

    @Test
    void verifyWhenEachCodeThenItsIndex() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        for (int i = 0; i < issued.codes().size(); i++) {
            assertThat(RecoveryCodes.verify(issued.codes().get(i), issued.hashes())).hasValue(i);
        }
    }

    /** The caller's protocol: a matched code's row is consumed (here: its hash removed), so it works only once. */
    @Test
    void verifyWhenCodeUsedThenRefusedAndOthersStillWork() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        List<String> unused = new ArrayList<>(issued.hashes());
        String code = issued.codes().get(3);

        int index = RecoveryCodes.verify(code, unused).orElseThrow();
        unused.remove(index);

        assertThat(RecoveryCodes.verify(code, unused)).isEmpty();
        assertThat(unused).hasSize(9);
        for (int i = 0; i < issued.codes().size(); i++) {
            if (i != 3) {
                assertThat(RecoveryCodes.verify(issued.codes().get(i), unused)).isPresent();
            }
        }
    }

    @Test
    void verifyWhenWrongCodeThenRefused() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        IssuedRecoveryCodes other = recoveryCodes.issue();

        for (String code : other.codes()) {
            assertThat(RecoveryCodes.verify(code, issued.hashes())).isEmpty();
        }
        assertThat(RecoveryCodes.verify(issued.codes().get(0), List.of())).isEmpty();
    }

    @Test
    void verifyWhenOneCharacterChangedThenRefused() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        String code = issued.codes().get(0);
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) == '-') {
                continue;
            }
            char replacement = code.charAt(i) == 'z' ? 'y' : 'z';
            String wrong = code.substring(0, i) + replacement + code.substring(i + 1);
            assertThat(RecoveryCodes.verify(wrong, issued.hashes())).as(wrong).isEmpty();
        }
    }

    @Test
    void verifyWhenCaseSpacesOrHyphensDifferThenAccepted() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        String code = issued.codes().get(5);
        String bare = code.replace("-", "");

        assertThat(RecoveryCodes.verify(code.toUpperCase(Locale.ROOT), issued.hashes())).hasValue(5);
        assertThat(RecoveryCodes.verify(bare, issued.hashes())).hasValue(5);
        assertThat(RecoveryCodes.verify("  " + code.replace("-", " ") + " ", issued.hashes())).hasValue(5);
        assertThat(RecoveryCodes.verify(bare.substring(0, 8) + "--" + bare.substring(8), issued.hashes())).hasValue(5);
        assertThat(RecoveryCodes.verify(bare.substring(0, 2) + "\t" + bare.substring(2), issued.hashes())).hasValue(5);
    }

    @Test
    void canonicalWhenLettersLikeDigitsThenReadAsDigits() {
        assertThat(RecoveryCodes.canonical("oOiI-lL01-2345-6789")).isEqualTo("0011110123456789");
        assertThat(RecoveryCodes.canonical("ABCD-EFGH-JKMN-PQRS")).isEqualTo("abcdefghjkmnpqrs");
        assertThat(RecoveryCodes.canonical("tvwx yz00 0000 0000")).isEqualTo("tvwxyz0000000000");
    }

    @Test
    void verifyWhenDigitTypedAsLetterThenAccepted() {
        // Issue until some code has a 0 or a 1 (each code does with probability about 1 - (30/32)^16 = 64 %).
        for (int attempt = 0; attempt < 20; attempt++) {
            IssuedRecoveryCodes issued = recoveryCodes.issue();
            for (int i = 0; i < issued.codes().size(); i++) {
                String code = issued.codes().get(i);
                if (code.indexOf('0') >= 0 || code.indexOf('1') >= 0) {
                    String misread = code.replace('0', 'O').replace('1', 'l');
                    assertThat(RecoveryCodes.verify(misread, issued.hashes())).hasValue(i);
                    return;
                }
            }
        }
        throw new AssertionError("no code with a 0 or a 1 in 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abcd-efgh-jkmn-pqr", "abcd-efgh-jkmn-pqrst", "abcd-efgh-jkmn-pqru", "abcd_efgh_jkmn_pqrs",
        "abcd-efgh-jkmn-pqr\u00e9", "abcd-efgh-jkmn-pqr\u0131", "ａbcd-efgh-jkmn-pqrs",
        "abcd-efgh-jkmn-pqrs-abcd-efgh-jkmn-pqrs-abcd-efgh-jkmn-pqrs-abcd-efgh"})
    void canonicalWhenNotACodeThenNull(String input) {
        assertThat(RecoveryCodes.canonical(input)).isNull();
        assertThat(RecoveryCodes.verify(input, recoveryCodes.issue().hashes())).isEmpty();
    }

    @Test
    void verifyWhenNullThenRefused() {
        assertThat(RecoveryCodes.verify(null, recoveryCodes.issue().hashes())).isEmpty();
    }

    @Test
    void verifyWhenStoredHashMalformedThenRejected() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        assertThatThrownBy(() -> RecoveryCodes.verify(issued.codes().get(0), List.of("sha256$00$00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecoveryCodes.verify(issued.codes().get(0), List.of(issued.hashes().get(0).replace("sha256", "md5"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** 16 symbols of 5 bits each: over many codes every symbol of the alphabet is about equally frequent. */
    @Test
    void issueThenSymbolsUniformOverAlphabet() {
        Map<Character, Integer> counts = new HashMap<>();
        int sets = 200;
        for (int s = 0; s < sets; s++) {
            for (String code : recoveryCodes.issue().codes()) {
                for (char c : code.replace("-", "").toCharArray()) {
                    counts.merge(c, 1, Integer::sum);
                }
            }
        }
        // 32,000 symbols, 1,000 expected each; the standard deviation is about 31.
        assertThat(counts).hasSize(32);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void toStringWhenPrintedThenNoCode() {
        IssuedRecoveryCodes issued = recoveryCodes.issue();
        assertThat(issued.toString()).isEqualTo("IssuedRecoveryCodes[10 codes, ***]");
        for (String code : issued.codes()) {
            assertThat(issued.toString()).doesNotContain(code.substring(0, 4));
        }
    }
}
