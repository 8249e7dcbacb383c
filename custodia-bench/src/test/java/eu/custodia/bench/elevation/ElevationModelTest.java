package eu.custodia.bench.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElevationModelTest {

    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00Z");

    @Test
    void eachStaffMemberHoldsOneGrantOnItsOwnTenantAndEachTenantHasOneMember() {
        ElevationModel model = ElevationModel.build(1_000, NOW, ElevationSuite.SEED);
        assertThat(model.size()).isEqualTo(1_000);
        assertThat(new HashSet<>(model.tenants())).hasSize(1_000);
        assertThat(new HashSet<>(model.grantIds())).hasSize(1_000);
        assertThat(model.grantIds()).allMatch(id -> id.matches("elv-[a-z2-7]{26}"));
        for (int i = 0; i < model.size(); i++) {
            Caller staff = model.staff().get(i);
            Caller member = model.members().get(i);
            assertThat(staff.tenant()).isNull();
            assertThat(staff.roles()).containsExactly(Roles.SUPPORT_ENGINEER);
            assertThat(staff.system()).isFalse();
            assertThat(member.tenant()).isEqualTo(model.tenants().get(i));
            assertThat(member.roles()).containsExactly(Roles.TENANT_MEMBER);
        }
        assertThat(model.staff().stream().map(Caller::principal).distinct()).hasSize(1_000);
    }

    @Test
    void theModelAndItsSequencesAreTheSameForTheSameSeed() {
        ElevationModel a = ElevationModel.build(50, NOW, 7);
        ElevationModel b = ElevationModel.build(50, NOW, 7);
        assertThat(a.tenants()).isEqualTo(b.tenants());
        assertThat(a.grantIds()).isEqualTo(b.grantIds());
        int[] s = a.sequence(10_000, new SplittableRandom(3));
        assertThat(s).isEqualTo(b.sequence(10_000, new SplittableRandom(3)));
        assertThat(Arrays.stream(s).allMatch(k -> k >= 0 && k < 50)).isTrue();
        assertThat(new HashSet<>(Arrays.stream(s).boxed().toList())).hasSize(50);
    }

    @Test
    void thePlansHaveTheIssuesGrantCountAndTheExplanationNoFormatLeftovers() {
        assertThat(ElevationSuite.plan(false).grants()).isEqualTo(1_000);
        assertThat(ElevationSuite.plan(true).grants()).isEqualTo(1_000);
        assertThat(ElevationSuite.plan(true).pairs()).isLessThan(ElevationSuite.plan(false).pairs());
        assertThat(ElevationSuite.explanation()).startsWith("### What the `elevation` figures measure")
                .contains("`grant_check_added_p99`", "`grant_lookup_p99`", "`grant_decision_ledgered_p99`",
                        "1,000", "<=10")
                .doesNotContain("%d", "%s", "%,d", "%%");
    }
}
