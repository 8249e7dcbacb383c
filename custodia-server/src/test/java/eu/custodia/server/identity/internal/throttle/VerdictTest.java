package eu.custodia.server.identity.internal.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Verdicts: the bilingual notice, the rounded wait, the stricter of two. */
class VerdictTest {

    @Test
    void refusedWhenLockedThenBilingualLockoutNoticeInMinutes() {
        Verdict v = Verdict.refused(Duration.ofMinutes(15), true);
        assertThat(v.allowed()).isFalse();
        assertThat(v.locked()).isTrue();
        assertThat(v.retryAfterSeconds()).isEqualTo(900);
        assertThat(v.messageEn()).isEqualTo("Too many failed attempts: sign-in is locked. Try again in 15 minutes.");
        assertThat(v.messageIt())
                .isEqualTo("Troppi tentativi non riusciti: l'accesso è bloccato. Riprovare tra 15 minuti.");
        assertThat(v.message("it")).isEqualTo(v.messageIt());
        assertThat(v.message("en")).isEqualTo(v.messageEn());
        assertThat(v.message(null)).isEqualTo(v.messageEn());
    }

    @Test
    void refusedWhenDelayedThenWaitRoundedUpInTheRightUnit() {
        Verdict oneSecond = Verdict.refused(Duration.ofMillis(1), false);
        assertThat(oneSecond.locked()).isFalse();
        assertThat(oneSecond.retryAfterSeconds()).isEqualTo(1);
        assertThat(oneSecond.messageEn()).isEqualTo("Too many attempts: wait 1 second before trying again.");
        assertThat(oneSecond.messageIt()).isEqualTo("Troppi tentativi: attendere 1 secondo prima di riprovare.");
        assertThat(Verdict.refused(Duration.ofMillis(7_001), false).messageEn()).contains("wait 8 seconds");
        assertThat(Verdict.refused(Duration.ofSeconds(59), false).messageIt()).contains("attendere 59 secondi");
        assertThat(Verdict.refused(Duration.ofSeconds(60), false).messageEn()).contains("wait 1 minute ");
        assertThat(Verdict.refused(Duration.ofSeconds(61), true).messageEn()).contains("Try again in 2 minutes.");
        assertThat(Verdict.refused(Duration.ofSeconds(60), true).messageIt()).contains("Riprovare tra 1 minuto.");
        assertThat(Verdict.refused(Duration.ofSeconds(512), false).messageIt()).contains("attendere 9 minuti");
    }

    @Test
    void allowedWhenReadThenNoWaitAndNoMessage() {
        assertThat(Verdict.ALLOWED.allowed()).isTrue();
        assertThat(Verdict.ALLOWED.retryAfter()).isZero();
        assertThat(Verdict.ALLOWED.retryAfterSeconds()).isZero();
        assertThat(Verdict.ALLOWED.message("it")).isEmpty();
    }

    @Test
    void andWhenCombinedThenStricterVerdict() {
        Verdict delay = Verdict.refused(Duration.ofSeconds(4), false);
        Verdict longDelay = Verdict.refused(Duration.ofMinutes(3), false);
        Verdict lock = Verdict.refused(Duration.ofMinutes(2), true);
        assertThat(Verdict.ALLOWED.and(Verdict.ALLOWED)).isEqualTo(Verdict.ALLOWED);
        assertThat(Verdict.ALLOWED.and(delay)).isEqualTo(delay);
        assertThat(delay.and(Verdict.ALLOWED)).isEqualTo(delay);
        assertThat(delay.and(longDelay)).isEqualTo(longDelay);
        assertThat(longDelay.and(delay)).isEqualTo(longDelay);
        assertThat(delay.and(lock)).isEqualTo(lock);
        Verdict both = longDelay.and(lock);
        assertThat(both.locked()).isTrue();
        assertThat(both.retryAfter()).isEqualTo(Duration.ofMinutes(3));
        assertThat(both.messageEn()).contains("locked").contains("3 minutes");
    }

    @Test
    void constructWhenInconsistentThenRefused() {
        assertThatThrownBy(() -> Verdict.refused(Duration.ZERO, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(true, Duration.ofSeconds(1), false, "", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(true, Duration.ZERO, true, "", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
