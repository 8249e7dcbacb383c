package eu.custodia.server.tenancy.internal;

import eu.custodia.server.platform.IfMatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantContract.Contact;
import eu.custodia.server.tenancy.TenantContract.Contacts;
import eu.custodia.server.tenancy.TenantContract.Dpa;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces: changed-field names, cursors, If-Match, the personal-data guard for reasons. */
class TenancyKernelsTest {

    private static TenantContract contract(String dpoEmail, int retention) {
        return new TenantContract("Acme S.p.A.", "IT01234567890", "IT", "SaaS", List.of(),
                new Dpa("DPA-1", LocalDate.of(2025, 1, 1)), List.of(), "baseline", "eu-south-1", retention, 24, 10,
                new Contacts(new Contact("Sec Team", "sec@acme.example", null),
                        new Contact("Paola Gialli", dpoEmail, "+39 02 5550199"),
                        new Contact("Admin Office", "admin@acme.example", null)));
    }

    @Test
    void changedFieldsWhenContactAndTermChangedThenNamesOnlyNeverValues() {
        List<String> changed = ChangedFields.between(contract("dpo@acme.example", 90),
                contract("paola.gialli@acme.example", 30));
        assertThat(changed).containsExactly("retentionDays", "contacts.dpo");
        assertThat(String.join(",", changed)).doesNotContain("@", "30", "90");
    }

    @Test
    void changedFieldsWhenEqualThenEmpty() {
        assertThat(ChangedFields.between(contract("a@b.example", 1), contract("a@b.example", 1))).isEmpty();
    }

    @Test
    void cursorWhenRoundTrippedThenSamePositionAndTamperedRefused() {
        assertThat(Cursor.decode(Cursor.encode(42))).isEqualTo(42);
        assertThat(Cursor.decode(null)).isZero();
        String cursor = Cursor.encode(42);
        char[] flipped = cursor.toCharArray();
        flipped[0] = flipped[0] == 'd' ? 'e' : 'd';
        for (String bad : List.of(new String(flipped), "", "%%", "t1:5", "A".repeat(65))) {
            assertThatThrownBy(() -> Cursor.decode(bad)).as(bad).isInstanceOf(ProblemException.class);
        }
    }

    @Test
    void ifMatchWhenStrongTagOrStarThenMatchesAndWeakOrMalformedNever() {
        assertThat(IfMatch.parse(null)).isNull();
        assertThat(IfMatch.parse("\"3\"").matches(3)).isTrue();
        assertThat(IfMatch.parse("*").matches(99)).isTrue();
        assertThat(IfMatch.parse("\"1\", \"3\"").matches(3)).isTrue();
        assertThat(IfMatch.parse("W/\"3\"").matches(3)).isFalse();
        assertThat(IfMatch.parse("3").matches(3)).isFalse();
        assertThat(IfMatch.parse("\"03\"").matches(3)).isFalse();
        assertThat(IfMatch.parse("").matches(3)).isFalse();
    }

    @Test
    void personalDataWhenReasonNamesContactOrLooksLikeEmailOrPhoneThenDetected() {
        TenantContract c = contract("dpo@acme.example", 90);
        assertThat(PersonalData.mentionedIn("ticket OPS-1234, contract signed 2025-03-01", c)).isFalse();
        assertThat(PersonalData.mentionedIn("non-payment, invoice INC0012345", c)).isFalse();
        assertThat(PersonalData.mentionedIn("requested by paola gialli", c)).isTrue();
        assertThat(PersonalData.mentionedIn("see DPO@ACME.example", c)).isTrue();
        assertThat(PersonalData.mentionedIn("mail x@y.z", c)).isTrue();
        assertThat(PersonalData.mentionedIn("phone +39 333 1234567", c)).isTrue();
        assertThat(PersonalData.mentionedIn("phone 333 123 4567", c)).isTrue();
        assertThat(PersonalData.mentionedIn("Acme S.p.A. asked", c)).isTrue();
    }
}
