package eu.custodia.bench.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

    @Test
    void base32IsRfc4648LowerCaseWithoutPadding() {
        // RFC 4648 section 10 test vectors, lower case, padding removed.
        String[][] vectors = {{"", ""}, {"f", "my"}, {"fo", "mzxq"}, {"foo", "mzxw6"}, {"foob", "mzxw6yq"},
            {"fooba", "mzxw6ytb"}, {"foobar", "mzxw6ytboi"}};
        for (String[] v : vectors) {
            assertThat(KeyMaterial.base32(v[0].getBytes(StandardCharsets.US_ASCII))).as(v[0]).isEqualTo(v[1]);
        }
    }

    @Test
    void sha256IsLowerCaseHex() {
        assertThat(KeyMaterial.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void generatedTokensHaveTheServersShapeAndStoreTheHashOfTheSecret() {
        SecureRandom random = new SecureRandom();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            KeyMaterial.Key key = KeyMaterial.generate(random);
            Matcher m = KeyMaterial.TOKEN.matcher(key.token());
            assertThat(m.matches()).as(key.token()).isTrue();
            assertThat(m.group(1)).isEqualTo(key.id());
            assertThat(m.group(2)).isEqualTo(key.secret());
            assertThat(key.secretHash()).isEqualTo(KeyMaterial.sha256Hex(key.secret())).hasSize(64);
            ids.add(key.id());
        }
        assertThat(ids).hasSize(200);
    }

    @Test
    void aTamperedTokenKeepsTheShapeAndTheIdButNotTheSecret() {
        SecureRandom secure = new SecureRandom();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            KeyMaterial.Key key = KeyMaterial.generate(secure);
            String tampered = KeyMaterial.tampered(key, random);
            Matcher m = KeyMaterial.TOKEN.matcher(tampered);
            assertThat(m.matches()).as(tampered).isTrue();
            assertThat(m.group(1)).isEqualTo(key.id());
            assertThat(m.group(2)).isNotEqualTo(key.secret());
            int differing = 0;
            for (int c = 0; c < key.secret().length(); c++) {
                differing += key.secret().charAt(c) == m.group(2).charAt(c) ? 0 : 1;
            }
            assertThat(differing).isEqualTo(1);
        }
    }

    @Test
    void toStringHidesTheSecret() {
        KeyMaterial.Key key = KeyMaterial.generate(new SecureRandom());
        assertThat(key.toString()).contains(key.id()).doesNotContain(key.secret());
    }
}
