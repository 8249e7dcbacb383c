package eu.custodia.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantStateTest {

    @Test
    void canMoveToWhenEveryPairThenOnlyTheFiveLegalTransitions() {
        int legal = 0;
        for (TenantState from : TenantState.values()) {
            for (TenantState to : TenantState.values()) {
                if (from.canMoveTo(to)) {
                    legal++;
                }
            }
        }
        assertThat(legal).isEqualTo(5);
        assertThat(TenantState.PROVISIONING.next()).containsExactly(TenantState.ACTIVE);
        assertThat(TenantState.ACTIVE.next()).containsExactlyInAnyOrder(TenantState.SUSPENDED, TenantState.TERMINATED);
        assertThat(TenantState.SUSPENDED.next()).containsExactlyInAnyOrder(TenantState.ACTIVE, TenantState.TERMINATED);
        assertThat(TenantState.TERMINATED.next()).isEmpty();
    }

    @Test
    void fromCodeWhenUnknownOrWrongCaseThenNull() {
        assertThat(TenantState.fromCode("active")).isEqualTo(TenantState.ACTIVE);
        assertThat(TenantState.fromCode("ACTIVE")).isNull();
        assertThat(TenantState.fromCode(null)).isNull();
    }
}
