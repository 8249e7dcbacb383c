package eu.custodia.server.elevation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.platform.HardeningResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hardening check of ticket-system webhook secrets: missing or short fails, naming the system, never the secret. */
class TicketWebhookSecretsCheckTest {

    private static final String STRONG = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4kcfK2q5sJI=";
    private static final String SHORT = "whsec_c2l4dGVlbi1ieXRlcy1rZXk=";

    private static HardeningResult check(Map<String, ElevationProperties.TicketSystem> systems) {
        ElevationProperties properties = new ElevationProperties(1, Duration.ofHours(4), Duration.ofHours(8),
                Duration.ofHours(12), null, systems, null, null, null);
        return new TicketWebhookSecretsCheck(properties).check().get(0);
    }

    @Test
    void checkWhenEverySystemHasAStrongSecretThenPasses() {
        assertThat(check(Map.of("default", new ElevationProperties.TicketSystem(null, STRONG))).passed()).isTrue();
    }

    @Test
    void checkWhenASystemHasNoSecretOrAShortOneThenFailsNamingItNeverTheSecret() {
        HardeningResult result = check(Map.of("default", new ElevationProperties.TicketSystem(null, null),
                "jira", new ElevationProperties.TicketSystem(null, SHORT)));
        assertThat(result.passed()).isFalse();
        assertThat(result.reasonEn()).contains("without a webhook secret", "default", "shorter than 32 bytes", "jira")
                .doesNotContain(SHORT.substring(6));
        assertThat(result.reasonIt()).contains("senza segreto del webhook", "più corto di 32 byte");
        assertThat(check(Map.of()).passed()).as("no configuration: system default without a webhook").isFalse();
    }

    @Test
    void propertiesWhenTheSecretIsMalformedOrTooShortThenRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> check(Map.of("default", new ElevationProperties.TicketSystem(null,
                "not-a-whsec-secret")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not-a-whsec-secret");
        assertThat(new ElevationProperties.TicketSystem(null, STRONG).toString()).doesNotContain(STRONG.substring(6));
    }
}
