package eu.custodia.server.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.access.AccessGrants;
import eu.custodia.server.access.Decision;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The access-grant rule in the whole chain: it opens exactly what an active grant covers (mode, collections,
 * tenant, person, time) to the person it was given to, before {@code no-standing-staff-access}, and nothing
 * else; the decision names the grant.
 */
class ElevationGrantRuleTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final TenantId TENANT = TenantId.random();
    private static final TenantId OTHER = TenantId.random();
    private static final String ENGINEER = "acc-engineer";

    private static AccessGrants.ActiveGrant grant(String access, List<String> collections, Instant until) {
        return new AccessGrants.ActiveGrant("elv-1", ENGINEER, TENANT, access, collections, "default/SUP-1",
                "troubleshooting", "the provider", "IT", until);
    }

    private static RuleChain chain(AccessGrants.ActiveGrant grant, Instant now) {
        AccessGrants grants = (principal, tenant, permission, collection, at) -> principal.equals(grant.principal())
                && tenant.equals(grant.tenant()) && grant.activeAt(at) && grant.covers(permission, collection)
                ? Optional.of(grant) : Optional.empty();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return RuleChain.standard(new MfaRule(clock, Duration.ofMinutes(10)),
                RolePermissionRule.CustomRolePermissions.NONE, new ElevationGrantRule(() -> grants, clock));
    }

    private static Caller engineerKey(Set<String> scopes) {
        return new Caller("key-1", Caller.KIND_API_KEY, Set.of(Roles.SUPPORT_ENGINEER), null, List.of("api-key"),
                ENGINEER, List.of(new VerifiedFactor(VerifiedFactor.API_KEY, NOW)), true, false, scopes);
    }

    private static Decision decide(RuleChain chain, Caller caller, Permission permission, TenantId tenant,
            String collection) {
        return chain.evaluate(new AccessRequest(caller, permission, tenant, collection)).decision();
    }

    @Test
    void decideWhenAReadGrantIsActiveThenReadsAllowedWithTheGrantAndNothingMore() {
        RuleChain chain = chain(grant("read", List.of(), NOW.plusSeconds(3600)), NOW);
        Caller caller = engineerKey(Set.of());
        Decision read = decide(chain, caller, Permission.RECORDS_READ, TENANT, "customers");
        assertThat(read.allowed()).isTrue();
        assertThat(read.rule()).isEqualTo(ElevationGrantRule.NAME);
        assertThat(read.grantId()).isEqualTo("elv-1");
        assertThat(decide(chain, caller, Permission.LEDGER_READ, TENANT, null).allowed()).isTrue();
        assertThat(decide(chain, caller, Permission.RECORDS_WRITE, TENANT, "customers").rule())
                .isEqualTo(NoStandingStaffAccessRule.NAME);
        assertThat(decide(chain, caller, Permission.RECORDS_READ, OTHER, "customers").rule())
                .isEqualTo(NoStandingStaffAccessRule.NAME);
        assertThat(decide(chain, caller, Permission.KEYS_ROTATE, TENANT, null).allowed()).isFalse();
    }

    @Test
    void decideWhenTheGrantEndsThenRefusedFromThatInstant() {
        AccessGrants.ActiveGrant grant = grant("write", List.of(), NOW);
        assertThat(decide(chain(grant, NOW.minusMillis(1)), engineerKey(Set.of()), Permission.RECORDS_WRITE, TENANT,
                "customers").allowed()).isTrue();
        assertThat(decide(chain(grant, NOW), engineerKey(Set.of()), Permission.RECORDS_WRITE, TENANT, "customers")
                .rule()).isEqualTo(NoStandingStaffAccessRule.NAME);
    }

    @Test
    void decideWhenTheGrantNamesCollectionsThenOnlyCallsInThem() {
        RuleChain chain = chain(grant("read", List.of("customers"), NOW.plusSeconds(60)), NOW);
        Caller caller = engineerKey(Set.of());
        assertThat(decide(chain, caller, Permission.RECORDS_READ, TENANT, "customers").allowed()).isTrue();
        assertThat(decide(chain, caller, Permission.RECORDS_READ, TENANT, "orders").allowed()).isFalse();
        assertThat(decide(chain, caller, Permission.RECORDS_READ, TENANT, null).allowed()).isFalse();
        assertThat(decide(chain, caller, Permission.LEDGER_READ, TENANT, null).allowed()).isFalse();
    }

    @Test
    void decideWhenTheCallerIsNotThePersonOrHasLostTheRoleOrIsScopedOutThenNoGrant() {
        RuleChain chain = chain(grant("write", List.of(), NOW.plusSeconds(60)), NOW);
        Caller colleague = new Caller("key-2", Caller.KIND_API_KEY, Set.of(Roles.SUPPORT_ENGINEER), null,
                List.of("api-key"), "acc-colleague", List.of(), true, false);
        assertThat(decide(chain, colleague, Permission.RECORDS_READ, TENANT, "c").allowed()).isFalse();
        Caller suspended = new Caller("key-1", Caller.KIND_API_KEY, Set.of(), null, List.of("api-key"), ENGINEER,
                List.of(), true, false);
        assertThat(decide(chain, suspended, Permission.RECORDS_READ, TENANT, "c").allowed()).isFalse();
        Caller scoped = engineerKey(Set.of("records:read"));
        assertThat(decide(chain, scoped, Permission.RECORDS_READ, TENANT, "c").allowed()).isTrue();
        assertThat(decide(chain, scoped, Permission.RECORDS_WRITE, TENANT, "c").allowed()).isFalse();
        Caller tenantUser = new Caller(ENGINEER, Account.TENANT_USER, Set.of(Roles.SUPPORT_ENGINEER), OTHER,
                List.of("password"), ENGINEER, List.of(), true, false);
        assertThat(decide(chain, tenantUser, Permission.RECORDS_READ, TENANT, "c").allowed()).isFalse();
    }
}
