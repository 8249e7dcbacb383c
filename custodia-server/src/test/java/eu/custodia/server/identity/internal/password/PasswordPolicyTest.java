package eu.custodia.server.identity.internal.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** NIST SP 800-63B: length in code points after NFKC, a blocklist, context words, no composition rules. */
class PasswordPolicyTest {

    private static final PasswordPolicy POLICY =
            new PasswordPolicy(CommonPasswords.of(List.of("Tr0ub4dor&3xyz", "passwordpassword")));

    private static PasswordCheck check(String password) {
        return POLICY.check(password, null, null);
    }

    @Test
    void checkWhen11CodePointsThenTooShortAnd12Accepted() {
        assertThat(check("k".repeat(11)).codes()).containsExactly("too-short");
        assertThat(check("k".repeat(12)).accepted()).isTrue();
    }

    @Test
    void checkWhen128CodePointsThenAcceptedAnd129TooLong() {
        assertThat(check("k".repeat(128)).accepted()).isTrue();
        assertThat(check("k".repeat(129)).codes()).containsExactly("too-long");
    }

    @Test
    void checkWhenEmojiOrCombiningCharactersThenCountedAsCodePointsAfterNfkc() {
        String lock = "\ud83d\udd12"; // one code point, two UTF-16 units
        assertThat(check(lock.repeat(11)).codes()).containsExactly("too-short");
        assertThat(check(lock.repeat(12)).accepted()).isTrue();
        assertThat(check(lock.repeat(128)).accepted()).isTrue();
        assertThat(check(lock.repeat(129)).codes()).containsExactly("too-long");
        // e + combining acute composes to one code point: 12 UTF-16 units, 6 code points
        assertThat(check("e\u0301".repeat(6)).codes()).containsExactly("too-short");
        assertThat(check("e\u0301".repeat(12)).accepted()).isTrue();
        // the ligature fi expands to two code points: 6 typed, 12 counted
        assertThat(check("\ufb01".repeat(6)).accepted()).isTrue();
    }

    @Test
    void checkWhenOnTheListInAnyCaseThenCommon() {
        assertThat(check("Tr0ub4dor&3xyz").codes()).containsExactly("common");
        assertThat(check("tr0ub4dor&3XYZ").codes()).containsExactly("common");
        assertThat(check("PASSWORDPASSWORD").codes()).containsExactly("common");
        // full-width letters are NFKC-equal to ASCII ones
        assertThat(check("\uff50asswordpassword").codes()).containsExactly("common");
    }

    @Test
    void checkWhenShippedListThenBreachedPasswordsRefusedInAnyCase() {
        PasswordPolicy shipped = PasswordPolicy.shipped();
        assertThat(shipped.check("1qaz2wsx3edc", null, null).codes()).containsExactly("common");
        assertThat(shipped.check("Administrator", null, null).codes()).containsExactly("common");
        assertThat(shipped.check("QWERTYUIOP123", null, null).codes()).containsExactly("common");
        assertThat(shipped.check("correct horse battery staple", "mario", "mario@example.eu").accepted()).isTrue();
    }

    @Test
    void checkWhenEqualToOrContainingUsernameOrEmailLocalPartThenRefused() {
        assertThat(POLICY.check("marco.rossi1", "marco.rossi1", null).codes()).containsExactly("contains-username");
        assertThat(POLICY.check("I am MARCO.ROSSI, hello", "Marco.Rossi", null).codes())
                .containsExactly("contains-username");
        assertThat(POLICY.check("giulia loves long walks", "g.bianchi", "Giulia@example.eu").codes())
                .containsExactly("contains-username");
        // a username given as an e-mail address: its local part counts
        assertThat(POLICY.check("anna-from-accounting", "anna@example.eu", null).codes())
                .containsExactly("contains-username");
        // the domain alone is not a context word
        assertThat(POLICY.check("i work at example.eu", "anna", "anna@example.eu").accepted()).isTrue();
    }

    @Test
    void checkWhenContextWordShorterThanThreeThenIgnored() {
        assertThat(POLICY.check("correct horse battery staple", "or", "al@example.eu").accepted()).isTrue();
    }

    @Test
    void checkWhenNoCompositionThenAccepted() {
        assertThat(check("correct horse battery staple").accepted()).isTrue();
        assertThat(check("alllowercaseletters").accepted()).isTrue();
        assertThat(check("            ").accepted()).isTrue();
        assertThat(check("pàssword italiano è bello").accepted()).isTrue();
    }

    @Test
    void checkWhenSeveralProblemsThenAllListedInOrder() {
        assertThat(POLICY.check("mario", "mario", null).codes()).containsExactly("too-short", "contains-username");
        assertThat(POLICY.check("bad-\ud800", null, null).codes()).containsExactly("invalid-text", "too-short");
    }

    @Test
    void checkWhenRefusedThenMessagesInEnglishAndItalianWithoutThePassword() {
        String password = "s3cret-Mario";
        PasswordCheck result = POLICY.check(password, "mario", null);
        assertThat(result.accepted()).isFalse();
        assertThat(result.messages("en")).containsExactly(
                "The password contains your username or the part of your e-mail address before the @: choose another.");
        assertThat(result.messages("it")).containsExactly(
                "La password contiene il nome utente o la parte dell'indirizzo e-mail prima della @: sceglierne "
                        + "un'altra.");
        assertThat(check("short").messages("it")).containsExactly(
                "La password è troppo corta: usare almeno 12 caratteri.");
        assertThat(result.toString()).doesNotContain(password).doesNotContain("s3cret");
        for (PasswordProblem problem : PasswordProblem.values()) {
            assertThat(problem.messageEn()).isNotBlank().isNotEqualTo(problem.messageIt());
            assertThat(problem.code()).matches("[a-z]+(-[a-z]+)*");
        }
    }
}
