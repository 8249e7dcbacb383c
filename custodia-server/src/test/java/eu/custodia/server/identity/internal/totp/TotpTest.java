package eu.custodia.server.identity.internal.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Totp#verify}: the window, the replay rule, and refusal of everything that is not a code. */
class TotpTest {

    private static final TotpSecret SECRET = TotpSecret.of("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    /** 1111111109 s: step 37037036, 29 s into it. */
    private static final Instant NOW = Instant.ofEpochSecond(1111111109);
    private static final long STEP = 37037036;

    private final Totp totp = Totp.withDefaults(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void defaultsAreSha1SixDigitsThirtySecondsOneStep() {
        assertThat(totp.parameters()).isEqualTo(
                new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30), 1));
        assertThat(totp.currentStep()).isEqualTo(STEP);
        // RFC 6238 Appendix B gives 07081804 for 8 digits; 6 digits are its last six.
        assertThat(totp.code(SECRET, STEP)).isEqualTo("081804");
    }

    @Test
    void verifyWhenCurrentStepThenThatStep() {
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP), Totp.NEVER_CONSUMED)).hasValue(STEP);
    }

    @Test
    void verifyWhenOneStepEitherSideThenThatStep() {
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP - 1), Totp.NEVER_CONSUMED)).hasValue(STEP - 1);
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP + 1), Totp.NEVER_CONSUMED)).hasValue(STEP + 1);
    }

    @Test
    void verifyWhenTwoStepsAwayThenRefused() {
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP - 2), Totp.NEVER_CONSUMED)).isEmpty();
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP + 2), Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void verifyWhenWindowZeroThenOnlyCurrentStep() {
        Totp strict = new Totp(new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30), 0),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(strict.verify(SECRET, strict.code(SECRET, STEP), Totp.NEVER_CONSUMED)).hasValue(STEP);
        assertThat(strict.verify(SECRET, strict.code(SECRET, STEP - 1), Totp.NEVER_CONSUMED)).isEmpty();
        assertThat(strict.verify(SECRET, strict.code(SECRET, STEP + 1), Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void verifyWhenSameStepReplayedThenRefused() {
        String code = totp.code(SECRET, STEP);
        long consumed = totp.verify(SECRET, code, Totp.NEVER_CONSUMED).orElseThrow();

        assertThat(totp.verify(SECRET, code, consumed)).isEmpty();
    }

    @Test
    void verifyWhenOlderStepAfterNewerConsumedThenRefused() {
        long consumed = totp.verify(SECRET, totp.code(SECRET, STEP + 1), Totp.NEVER_CONSUMED).orElseThrow();

        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP), consumed)).isEmpty();
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP - 1), consumed)).isEmpty();
    }

    @Test
    void verifyWhenLaterStepThanConsumedThenAccepted() {
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP), STEP - 1)).hasValue(STEP);
        assertThat(totp.verify(SECRET, totp.code(SECRET, STEP + 1), STEP)).hasValue(STEP + 1);
    }

    @Test
    void verifyWhenClockMovesOnThenOldCodeExpires() {
        String code = totp.code(SECRET, STEP);
        // NOW is the last second of STEP: one second on is STEP + 1, thirty-one seconds on STEP + 2.
        Totp later = Totp.withDefaults(Clock.offset(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1)));
        Totp muchLater = Totp.withDefaults(Clock.offset(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(31)));
        assertThat(later.currentStep()).isEqualTo(STEP + 1);
        assertThat(muchLater.currentStep()).isEqualTo(STEP + 2);

        assertThat(later.verify(SECRET, code, Totp.NEVER_CONSUMED)).hasValue(STEP);
        assertThat(muchLater.verify(SECRET, code, Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void verifyWhenAnyDigitFlippedThenRefused() {
        char[] code = totp.code(SECRET, STEP).toCharArray();
        for (int i = 0; i < code.length; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == code[i]) {
                    continue;
                }
                char[] wrong = code.clone();
                wrong[i] = d;
                String attempt = new String(wrong);
                boolean inWindow = attempt.equals(totp.code(SECRET, STEP - 1)) || attempt.equals(totp.code(SECRET, STEP + 1));
                assertThat(totp.verify(SECRET, attempt, Totp.NEVER_CONSUMED)).as(attempt).matches(r -> r.isEmpty() || inWindow);
            }
        }
    }

    @Test
    void verifyWhenOtherSecretThenRefused() {
        TotpSecret other = TotpSecret.of("12345678901234567891".getBytes(StandardCharsets.US_ASCII));
        assertThat(totp.verify(other, totp.code(SECRET, STEP), Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void verifyWhenSpacesThenIgnored() {
        String code = totp.code(SECRET, STEP);
        String spaced = " " + code.substring(0, 3) + " " + code.substring(3) + " ";
        assertThat(totp.verify(SECRET, spaced, Totp.NEVER_CONSUMED)).hasValue(STEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "08180", "0818044", "08180a", "o81804", "+81804", "-81804", "081804\n", "08180\u0664",
        "\uff10\uff18\uff11\uff18\uff10\uff14", "081\u00a0804", "081-804", "0x1804", "\u0000081804",
        "0818040818040818040818040818040818040818040818040818040818040818",
    })
    void verifyWhenNotSixAsciiDigitsThenRefusedWithoutException(String input) {
        assertThat(totp.verify(SECRET, input, Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void verifyWhenNullCodeThenRefused() {
        assertThat(totp.verify(SECRET, null, Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void verifyWhenFullwidthDigitsOfValidCodeThenRefused() {
        StringBuilder fullwidth = new StringBuilder();
        totp.code(SECRET, STEP).chars().forEach(c -> fullwidth.append((char) (c - '0' + '\uff10')));
        assertThat(totp.verify(SECRET, fullwidth.toString(), Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void verifyWhenNearEpochThenNoNegativeStep() {
        Totp atStart = Totp.withDefaults(Clock.fixed(Instant.ofEpochSecond(10), ZoneOffset.UTC));
        assertThat(atStart.currentStep()).isZero();
        assertThat(atStart.verify(SECRET, atStart.code(SECRET, 0), Totp.NEVER_CONSUMED)).hasValue(0);
        assertThat(atStart.verify(SECRET, atStart.code(SECRET, -1), Long.MIN_VALUE)).isEmpty();
    }

    @Test
    void stepAtWhenBeforeEpochThenFloor() {
        assertThat(totp.stepAt(Instant.ofEpochSecond(-1))).isEqualTo(-1);
        assertThat(totp.stepAt(Instant.ofEpochSecond(29))).isZero();
        assertThat(totp.stepAt(Instant.ofEpochSecond(30))).isEqualTo(1);
    }

    /**
     * Two steps of the window can share a code (about once in a million). The later one is returned, so that
     * consuming it leaves no earlier step that would accept the same code again.
     */
    @Test
    void verifyWhenCodeMatchesTwoStepsThenTheLaterAndNoReplay() {
        TotpParameters wide = new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofSeconds(30), TotpParameters.MAX_WINDOW);
        Totp wideTotp = new Totp(wide, Clock.fixed(NOW, ZoneOffset.UTC));
        int count = 2 * TotpParameters.MAX_WINDOW + 1;
        long first = STEP - TotpParameters.MAX_WINDOW;
        SplittableRandom random = new SplittableRandom(6238);
        for (int attempt = 0; attempt < 200_000; attempt++) {
            byte[] key = new byte[20];
            random.nextBytes(key);
            TotpSecret secret = TotpSecret.of(key);
            byte[][] codes = Hotp.codes(TotpAlgorithm.SHA1, secret, first, count, 6);
            for (int i = 0; i < count; i++) {
                for (int j = i + 1; j < count; j++) {
                    if (Arrays.equals(codes[i], codes[j])) {
                        String code = new String(codes[i], StandardCharsets.US_ASCII);
                        assertThat(wideTotp.verify(secret, code, Totp.NEVER_CONSUMED)).hasValue(first + j);
                        assertThat(wideTotp.verify(secret, code, first + i)).hasValue(first + j);
                        assertThat(wideTotp.verify(secret, code, first + j)).isEmpty();
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no secret with a repeated code in the window was found");
    }

    @Test
    void verifyWhenEightDigitSha512ThenWorks() {
        TotpParameters p = new TotpParameters(TotpAlgorithm.SHA512, 8, Duration.ofSeconds(60), 1);
        Totp t = new Totp(p, Clock.fixed(NOW, ZoneOffset.UTC));
        TotpSecret secret = TotpSecret.generate(TotpAlgorithm.SHA512, new SecureRandom());
        String code = t.code(secret, t.currentStep());

        assertThat(code).hasSize(8).containsOnlyDigits();
        assertThat(t.verify(secret, code, Totp.NEVER_CONSUMED)).hasValue(NOW.getEpochSecond() / 60);
        assertThat(t.verify(secret, code.substring(2), Totp.NEVER_CONSUMED)).isEmpty();
    }

    @Test
    void parametersWhenOutOfRangeThenRejected() {
        Duration thirty = Duration.ofSeconds(30);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 5, thirty, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 9, thirty, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofMillis(30_500), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 6, Duration.ofHours(2), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 6, thirty, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(TotpAlgorithm.SHA1, 6, thirty, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TotpParameters(null, 6, thirty, 1)).isInstanceOf(NullPointerException.class);
    }
}
