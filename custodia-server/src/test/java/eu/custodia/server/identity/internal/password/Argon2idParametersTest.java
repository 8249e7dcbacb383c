package eu.custodia.server.identity.internal.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The OWASP floor and the ceilings on the configured Argon2id cost. */
class Argon2idParametersTest {

    @Test
    void owaspMinimumWhenReadThenM19456T2P1Salt16Hash32() {
        assertThat(Argon2idParameters.OWASP_MINIMUM).isEqualTo(new Argon2idParameters(19_456, 2, 1, 16, 32));
        assertThat(Argon2idParameters.OWASP_MINIMUM.phc()).isEqualTo("m=19456,t=2,p=1");
    }

    @Test
    void constructWhenStrongerThenAccepted() {
        assertThat(new Argon2idParameters(65_536, 3, 2, 32, 64).memoryKiB()).isEqualTo(65_536);
    }

    @Test
    void constructWhenAnyValueBelowFloorThenRefusedNamingTheFloor() {
        // Spring Security's default (defaultsForSpringSecurity_v5_8) is m=16384, below OWASP's minimum
        assertThatThrownBy(() -> new Argon2idParameters(16_384, 2, 1, 16, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memoryKiB 16384 is below the floor 19456")
                .hasMessageContaining("OWASP minimum: m=19456 KiB, t=2, p=1");
        assertThatThrownBy(() -> new Argon2idParameters(47_104, 1, 1, 16, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iterations 1 is below the floor 2");
        assertThatThrownBy(() -> new Argon2idParameters(19_456, 2, 0, 16, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism 0 is below the floor 1");
        assertThatThrownBy(() -> new Argon2idParameters(19_456, 2, 1, 8, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("saltLength 8 is below the floor 16");
        assertThatThrownBy(() -> new Argon2idParameters(19_456, 2, 1, 16, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hashLength 16 is below the floor 32");
    }

    @Test
    void constructWhenAboveCeilingThenRefused() {
        assertThatThrownBy(() -> new Argon2idParameters(4 << 20, 2, 1, 16, 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above the ceiling");
        assertThatThrownBy(() -> new Argon2idParameters(19_456, 2, 1, 16, 65))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above the ceiling");
    }
}
