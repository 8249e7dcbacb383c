package eu.custodia.server.identity.internal.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.CharBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id PHC hashes: round trip, strict parsing, upgrade detection, the dummy verification. */
class PasswordHasherTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final PasswordHasher HASHER =
            new PasswordHasher(Argon2idParameters.OWASP_MINIMUM, new SecureRandom());
    private static final String STORED = HASHER.hash(PASSWORD);

    @Test
    void hashWhenMadeThenPhcStringRecordingTheParameters() {
        assertThat(STORED).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(STORED).doesNotContain(PASSWORD);
    }

    @Test
    void verifyWhenSamePasswordThenTrueAndSaltsDiffer() {
        assertThat(HASHER.verify(PASSWORD, STORED)).isTrue();
        assertThat(HASHER.verify(CharBuffer.wrap(PASSWORD.toCharArray()), STORED)).isTrue();
        assertThat(HASHER.hash(PASSWORD)).isNotEqualTo(STORED);
    }

    @Test
    void verifyWhenWrongPasswordThenFalse() {
        assertThat(HASHER.verify("correct horse battery stapler", STORED)).isFalse();
        assertThat(HASHER.verify("Correct horse battery staple", STORED)).isFalse();
        assertThat(HASHER.verify("", STORED)).isFalse();
    }

    @Test
    void verifyWhenOneByteOfTheStoredHashOrSaltFlippedThenFalse() {
        String[] parts = STORED.split("\\$");
        assertThat(HASHER.verify(PASSWORD, String.join("$", parts[0], parts[1], parts[2], parts[3], parts[4],
                flipLastByte(parts[5])))).isFalse();
        assertThat(HASHER.verify(PASSWORD, String.join("$", parts[0], parts[1], parts[2], parts[3],
                flipLastByte(parts[4]), parts[5]))).isFalse();
        // same decoded bytes, different cost: the parameters are part of what is verified
        assertThat(HASHER.verify(PASSWORD, STORED.replace("t=2", "t=3"))).isFalse();
    }

    @Test
    void verifyWhenStoredValueMalformedThenFalseWithoutException() {
        String salt = "c29tZXNhbHRzb21lc2FsdA";
        String hash = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        List<String> malformed = Arrays.asList(null, "", "$", "garbage", STORED + "$", STORED + "=",
                STORED.substring(0, STORED.length() - 1), STORED.replace("$v=19$", "$v=16$"),
                STORED.replace("$argon2id$", "$argon2i$"), STORED.replace("$argon2id$", "$argon2d$"),
                STORED.replace("m=19456", "m=019456"), STORED.replace("p=1", "p=-1"),
                STORED.replace("m=19456,t=2,p=1", "t=2,m=19456,p=1"),
                "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$",
                "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$AAA",
                "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=19456,t=2,p=1$$" + hash,
                "$argon2id$v=19$m=19456,t=2,p=1$AAAA$" + hash,
                "$argon2id$v=19$m=4,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=99999999999,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=4194304,t=2,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=19456,t=1000,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=19456,t=2,p=64$" + salt + "$" + hash,
                "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + hash + "B",
                "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + "A".repeat(400),
                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy");
        for (String stored : malformed) {
            assertThatCode(() -> assertThat(HASHER.verify(PASSWORD, stored)).as(stored).isFalse())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void needsUpgradeWhenWeakerOtherVariantOrOtherAlgorithmThenTrueElseFalse() {
        // Spring Security's default: m=16384, below the configured m=19456
        String springDefault = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(PASSWORD);
        assertThat(HASHER.verify(PASSWORD, springDefault)).isTrue();
        assertThat(HASHER.needsUpgrade(springDefault)).isTrue();
        assertThat(HASHER.needsUpgrade("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")).isTrue();
        assertThat(HASHER.needsUpgrade(STORED.replace("$argon2id$", "$argon2i$"))).isTrue();
        assertThat(HASHER.needsUpgrade("garbage")).isTrue();
        assertThat(HASHER.needsUpgrade(null)).isTrue();
        assertThat(HASHER.needsUpgrade(STORED)).isFalse();
        assertThat(HASHER.needsUpgrade(STORED.replace("m=19456,t=2", "m=65536,t=3"))).isFalse();

        // shorter salt and hash than configured, at the configured cost
        String shortSalt = new Argon2PasswordEncoder(8, 16, 1, 19_456, 2).encode(PASSWORD);
        assertThat(HASHER.verify(PASSWORD, shortSalt)).isTrue();
        assertThat(HASHER.needsUpgrade(shortSalt)).isTrue();

        PasswordHasher stronger = new PasswordHasher(new Argon2idParameters(19_456, 3, 1, 16, 32));
        assertThat(stronger.needsUpgrade(STORED)).isTrue();
        assertThat(stronger.verify(PASSWORD, STORED)).isTrue();
        assertThat(new PasswordHasher(new Argon2idParameters(19_456, 2, 2, 16, 32)).needsUpgrade(STORED)).isTrue();
    }

    @Test
    void hashWhenReadBySpringSecurityEncoderThenMatches() {
        Argon2PasswordEncoder spring = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
        assertThat(spring.matches(PASSWORD, STORED)).isTrue();
        assertThat(HASHER.verify(PASSWORD, spring.encode(PASSWORD))).isTrue();
    }

    @Test
    void verifyWhenPasswordTypedInAnotherUnicodeFormThenSameNfkcPasswordMatches() {
        String composed = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e";
        String decomposed = "cafe\u0301 cre\u0300me bru\u0302le\u0301e";
        String stored = HASHER.hash(decomposed);
        assertThat(HASHER.verify(composed, stored)).isTrue();
        // full-width forms are NFKC-equal to ASCII
        assertThat(HASHER.verify("\uff43orrect horse battery staple", STORED)).isTrue();
    }

    @Test
    void dummyVerifyWhenAnyPasswordThenFalse() {
        assertThat(HASHER.dummyVerify(PASSWORD)).isFalse();
    }

    @Test
    void hashWhenUnpairedSurrogateThenRefusedWithoutThePassword() {
        String broken = "secret-passphrase-\ud800";
        assertThatThrownBy(() -> HASHER.hash(broken)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("secret-passphrase");
        assertThat(HASHER.verify(broken, STORED)).isFalse();
        assertThatThrownBy(() -> HASHER.verify(null, STORED)).isInstanceOf(NullPointerException.class)
                .hasMessage("password");
    }

    @Test
    void toStringWhenPrintedThenParametersOnly() {
        assertThat(HASHER).hasToString("PasswordHasher[argon2id m=19456,t=2,p=1]");
    }

    private static String flipLastByte(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[bytes.length - 1] ^= 0x01;
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
