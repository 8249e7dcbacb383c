package eu.custodia.server.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.identity.RoleConflicts;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules as configured: parsing, both directions of a pair, the record response, and clear refusals of bad rules. */
class SegregationOfDutiesRulesTest {

    private static SegregationOfDuties rules(String text) {
        return new SegregationOfDuties(Arrays.asList(text.split(",")));
    }

    @Test
    void conflictWhenDefaultsThenBothPairsInBothDirectionsAndNothingElse() {
        SegregationOfDuties defaults = rules(SegregationOfDuties.DEFAULTS);
        assertThat(defaults.conflict(Set.of("platform-auditor"), "key-custodian")).hasValueSatisfying(c -> {
            assertThat(c.held()).isEqualTo("platform-auditor");
            assertThat(c.pair()).isEqualTo("key-custodian+platform-auditor");
            assertThat(c.response()).isEqualTo(RoleConflicts.Response.REFUSE);
        });
        assertThat(defaults.conflict(Set.of("key-custodian"), "platform-auditor")).isPresent();
        assertThat(defaults.conflict(Set.of("platform-admin"), "security-officer")).isPresent();
        assertThat(defaults.conflict(Set.of("security-officer"), "platform-admin")).isPresent();
        assertThat(defaults.conflict(Set.of("key-custodian", "support-engineer"), "tenant-admin")).isEmpty();
        assertThat(defaults.conflict(Set.of(), "platform-admin")).isEmpty();
    }

    @Test
    void conflictWhenConfiguredToRecordThenReportedWithTheRecordResponse() {
        assertThat(rules(" support-engineer + platform-auditor : record ").conflict(Set.of("platform-auditor"),
                "support-engineer")).hasValueSatisfying(c -> assertThat(c.response())
                        .isEqualTo(RoleConflicts.Response.RECORD));
        assertThat(rules("key-custodian+platform-auditor:approve").conflict(Set.of("key-custodian"), "platform-auditor"))
                .hasValueSatisfying(c -> assertThat(c.response()).isEqualTo(RoleConflicts.Response.APPROVE));
        assertThat(new SegregationOfDuties(List.of()).conflict(Set.of("platform-auditor"), "key-custodian")).isEmpty();
    }

    @Test
    void startWhenARuleIsMalformedThenRefusedSayingWhichAndWhy() {
        assertThatThrownBy(() -> rules("key-custodian+auditor:refuse")).hasMessageContaining("unknown role 'auditor'");
        assertThatThrownBy(() -> rules("key-custodian+platform-auditor:allow"))
                .hasMessageContaining("must be refuse, approve or record");
        assertThatThrownBy(() -> rules("key-custodian:refuse")).hasMessageContaining("roleA+roleB:refuse");
        assertThatThrownBy(() -> rules("key-custodian+key-custodian:refuse")).hasMessageContaining("with itself");
    }
}
