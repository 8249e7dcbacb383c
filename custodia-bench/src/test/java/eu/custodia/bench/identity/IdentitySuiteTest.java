package eu.custodia.bench.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentitySuiteTest {

    @Test
    void theFullPlanHasTheIssuesKeyCountAndEveryPlanOneAccountPerSignIn() {
        assertThat(IdentitySuite.plan(false).keys()).isEqualTo(100_000);
        for (boolean quick : new boolean[] {false, true}) {
            IdentitySuite.Plan p = IdentitySuite.plan(quick);
            assertThat(p.accounts()).isGreaterThanOrEqualTo(p.warmupSignIns() + p.signIns());
            assertThat(p.firstUseKeys()).isLessThan(p.keys() / 2);
        }
        assertThat(IdentitySuite.plan(true).keys()).isLessThan(IdentitySuite.plan(false).keys());
    }

    @Test
    void theExplanationRendersEveryFigureAndNoFormatLeftovers() {
        String text = IdentitySuite.explanation();
        assertThat(text).startsWith("### What the `identity` figures measure")
                .contains("`api_key_authentication_p99`", "`api_key_authentication_refused_p99`",
                        "`api_key_authentication_first_use_p99`", "`password_totp_signin_p50`", "100,000",
                        "90% valid", "not yet an HTTP sign-in")
                .doesNotContain("%d", "%s", "%,d", "%%");
    }
}
