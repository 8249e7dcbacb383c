package eu.custodia.server.alerts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.alerts.Severity;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.TenantId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each alert rule on its own, on hand-made ledger events: what raises an alert, what does not, and its limits. */
class AlertRulesTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final TenantId TENANT = TenantId.random();
    private final MutableClock clock = new MutableClock();
    private final AlertsProperties defaults = AlertsProperties.defaults();

    private static LedgerEvent event(Instant time, TenantId tenant, String actor, String action, String outcome,
            String target, String reason) {
        return new LedgerEvent(time, tenant, new LedgerEvent.Actor(actor, "api-key", List.of("platform-auditor"),
                List.of("api-key"), null), action, target, outcome, reason, "req-0123456789abcdef0123456789abcdef");
    }

    private LedgerEvent deny(String actor, TenantId tenant, String rule) {
        return event(clock.instant(), tenant, actor, "access.denied", "denied",
                tenant == null ? "platform" : "tenant/" + tenant, "ledger:read by rule " + rule + ": because");
    }

    private static LedgerEvent grant(LocalDateTime romeTime, String role, String outcome, TenantId log) {
        return event(romeTime.atZone(ROME).toInstant(), log, "key-granter", "account.role-granted", outcome,
                "account/acc-grantee", "role " + role + " on the platform");
    }

    // staff-tenant-data-attempt

    @Test
    void staffTenantDataAttemptWhenDeniedByNoStandingStaffAccessThenOneHighAlertPerCallerAndTenantPerPeriod() {
        StaffTenantDataAttemptRule rule = new StaffTenantDataAttemptRule(defaults, clock);

        Optional<Finding> first = rule.evaluate(deny("key-staff", TENANT, "no-standing-staff-access"));

        assertThat(first).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("staff-tenant-data-attempt");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.subject()).isEqualTo("key-staff");
            assertThat(f.tenant()).isEqualTo(TENANT);
            assertThat(f.detail()).contains("ledger:read", TENANT.value(), "no-standing-staff-access");
        });
        assertThat(rule.evaluate(deny("key-staff", TENANT, "no-standing-staff-access"))).as("repeat").isEmpty();
        assertThat(rule.evaluate(deny("key-staff", TenantId.random(), "no-standing-staff-access"))).as("other tenant")
                .isPresent();
        assertThat(rule.evaluate(deny("key-other", TENANT, "no-standing-staff-access"))).as("other caller").isPresent();
        clock.advance(Duration.ofMinutes(10));
        assertThat(rule.evaluate(deny("key-staff", TENANT, "no-standing-staff-access"))).as("after the period")
                .isPresent();
    }

    @Test
    void staffTenantDataAttemptWhenAnotherRuleOrOutcomeOrThePlatformThenNothing() {
        StaffTenantDataAttemptRule rule = new StaffTenantDataAttemptRule(defaults, clock);

        assertThat(rule.evaluate(deny("key-a", TENANT, "tenant-scope"))).isEmpty();
        assertThat(rule.evaluate(deny("key-a", TENANT, "default-deny"))).isEmpty();
        assertThat(rule.evaluate(deny("key-a", null, "no-standing-staff-access"))).as("platform log").isEmpty();
        assertThat(rule.evaluate(event(clock.instant(), TENANT, "key-a", "access.allowed", "success", "tenant/x",
                "ledger:read by rule no-standing-staff-access: odd"))).isEmpty();
        // A reason that merely mentions the rule's name elsewhere is not a decision by it.
        assertThat(rule.evaluate(event(clock.instant(), TENANT, "key-a", "access.denied", "denied", "tenant/x",
                "ledger:read by rule tenant-scope: not no-standing-staff-access"))).isEmpty();
        assertThat(rule.evaluate(event(clock.instant(), TENANT, "key-a", "access.denied", "denied", "tenant/x", null)))
                .isEmpty();
    }

    @Test
    void staffTenantDataAttemptWhenRepeatAfterIsZeroThenEveryAttemptAndMemoryBounded() {
        AlertsProperties every = new AlertsProperties(10, new AlertsProperties.StaffTenantDataAttempt(true,
                Duration.ZERO, 3), defaults.denialBurst(), defaults.staffRoleGrantOffHours(), defaults.sodBypassAttempt());
        StaffTenantDataAttemptRule rule = new StaffTenantDataAttemptRule(every, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(rule.evaluate(deny("key-staff", TENANT, "no-standing-staff-access"))).isPresent();
        }
        RecentKeys recent = new RecentKeys(60_000, 3);
        for (int i = 0; i < 100; i++) {
            recent.firstInPeriod("k" + i, 0);
        }
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.firstInPeriod("k99", 1)).as("remembered").isFalse();
        assertThat(recent.firstInPeriod("k0", 1)).as("forgotten, so raised again").isTrue();
    }

    // denial-burst

    @Test
    void denialBurstWhenTenDeniesInTheWindowThenOneAlertAndNineThenNone() {
        DenialBurstRule rule = new DenialBurstRule(defaults, clock);
        int raised = 0;
        for (int i = 0; i < 9; i++) {
            raised += rule.evaluate(deny("key-nine", TENANT, "tenant-scope")).isPresent() ? 1 : 0;
            clock.advance(Duration.ofSeconds(6));
        }
        assertThat(raised).as("nine denies").isZero();

        List<Optional<Finding>> ten = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(rule.evaluate(deny("key-ten", TENANT, "tenant-scope")));
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(ten.subList(0, 9)).allMatch(Optional::isEmpty);
        assertThat(ten.get(9)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("denial-burst");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.subject()).isEqualTo("key-ten");
            assertThat(f.detail()).contains("10", "ledger:read by rule tenant-scope").doesNotContain("because");
        });
        // More denies in the same window: still one alert.
        for (int i = 0; i < 10; i++) {
            assertThat(rule.evaluate(deny("key-ten", TENANT, "tenant-scope"))).isEmpty();
        }
        // A window later, a new burst raises a new one.
        clock.advance(Duration.ofSeconds(61));
        int again = 0;
        for (int i = 0; i < 10; i++) {
            again += rule.evaluate(deny("key-ten", TENANT, "tenant-scope")).isPresent() ? 1 : 0;
        }
        assertThat(again).isEqualTo(1);
    }

    @Test
    void denialBurstWhenDeniesSpreadWiderThanTheWindowOrNotDeniesThenNone() {
        DenialBurstRule rule = new DenialBurstRule(defaults, clock);
        for (int i = 0; i < 50; i++) {
            assertThat(rule.evaluate(deny("key-slow", TENANT, "tenant-scope"))).isEmpty();
            clock.advance(Duration.ofSeconds(7));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(rule.evaluate(event(clock.instant(), TENANT, "key-ok", "access.allowed", "success", "tenant/x",
                    "ledger:read by rule role-permission: ok"))).isEmpty();
            assertThat(rule.evaluate(event(clock.instant(), null, "key-ok", "account.role-granted", "denied",
                    "account/x", "role x refused: no second factor enrolled"))).isEmpty();
        }
    }

    @Test
    void denialBurstWhenManyCallersThenMemoryBoundedAndCountsPerCaller() {
        AlertsProperties small = new AlertsProperties(10, defaults.staffTenantDataAttempt(),
                new AlertsProperties.DenialBurst(true, 3, Duration.ofSeconds(60), 100), defaults.staffRoleGrantOffHours(),
                defaults.sodBypassAttempt());
        DenialBurstRule rule = new DenialBurstRule(small, clock);
        int raised = 0;
        for (int i = 0; i < 10_000; i++) {
            raised += rule.evaluate(deny("key-" + (i % 5_000), TENANT, "tenant-scope")).isPresent() ? 1 : 0;
        }
        assertThat(rule.tracked()).isEqualTo(100);
        assertThat(raised).as("no caller was denied three times while remembered").isZero();
        raised = 0;
        for (int i = 0; i < 3; i++) {
            raised += rule.evaluate(deny("key-a", TENANT, "tenant-scope")).isPresent() ? 1 : 0;
            raised += rule.evaluate(deny("key-b", TENANT, "tenant-scope")).isPresent() ? 1 : 0;
        }
        assertThat(raised).isEqualTo(2);
    }

    // staff-role-grant-off-hours

    @Test
    void staffRoleGrantOffHoursWhenAt23RomeThenAlertAndAt10OnAWeekdayThenNone() {
        StaffRoleGrantOffHoursRule rule = new StaffRoleGrantOffHoursRule(defaults);
        LocalDateTime tuesday = LocalDateTime.of(2026, 3, 10, 23, 0);

        assertThat(rule.evaluate(grant(tuesday, "security-officer", "success", null))).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("staff-role-grant-off-hours");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.subject()).isEqualTo("key-granter");
            assertThat(f.detail()).contains("security-officer", "account/acc-grantee", "23:00", "Europe/Rome",
                    "Mon,Tue,Wed,Thu,Fri 08:00-19:00");
        });
        assertThat(rule.evaluate(grant(tuesday.withHour(10), "security-officer", "success", null))).isEmpty();
        assertThat(rule.evaluate(grant(tuesday.withHour(8), "platform-admin", "success", null))).as("08:00").isEmpty();
        assertThat(rule.evaluate(grant(tuesday.withHour(18).withMinute(59), "platform-admin", "success", null)))
                .isEmpty();
        assertThat(rule.evaluate(grant(tuesday.withHour(19), "platform-admin", "success", null))).as("19:00").isPresent();
        assertThat(rule.evaluate(grant(tuesday.withHour(7).withMinute(59), "platform-admin", "success", null)))
                .isPresent();
        assertThat(rule.evaluate(grant(LocalDateTime.of(2026, 3, 14, 10, 0), "support-engineer", "success", null)))
                .as("Saturday").isPresent();
    }

    @Test
    void staffRoleGrantOffHoursUsesRomeTimeAcrossDaylightSaving() {
        StaffRoleGrantOffHoursRule rule = new StaffRoleGrantOffHoursRule(defaults);
        // 07:30 UTC is 08:30 in Rome in winter (in hours) and 09:30 in summer; 17:30 UTC is 18:30 / 19:30.
        assertThat(rule.evaluate(grantAtUtc("2026-01-13T07:30:00Z"))).isEmpty();
        assertThat(rule.evaluate(grantAtUtc("2026-01-13T17:30:00Z"))).isEmpty();
        assertThat(rule.evaluate(grantAtUtc("2026-07-14T17:30:00Z"))).as("19:30 in Rome in July").isPresent();
        assertThat(rule.evaluate(grantAtUtc("2026-07-14T06:30:00Z"))).as("08:30 in Rome in July").isEmpty();
    }

    private static LedgerEvent grantAtUtc(String instant) {
        return event(Instant.parse(instant), null, "key-granter", "account.role-granted", "success",
                "account/acc-grantee", "role key-custodian on the platform");
    }

    @Test
    void staffRoleGrantOffHoursWhenRefusedOrTenantRoleOrTenantLogThenNone() {
        StaffRoleGrantOffHoursRule rule = new StaffRoleGrantOffHoursRule(defaults);
        LocalDateTime night = LocalDateTime.of(2026, 3, 10, 23, 0);
        assertThat(rule.evaluate(grant(night, "security-officer", "denied", null))).isEmpty();
        assertThat(rule.evaluate(grant(night, "tenant-admin", "success", null))).isEmpty();
        assertThat(rule.evaluate(grant(night, "tenant-ledger-reader", "success", TENANT))).isEmpty();
        assertThat(rule.evaluate(event(night.atZone(ROME).toInstant(), null, "key-g", "account.role-revoked",
                "success", "account/x", "role platform-admin on the platform"))).isEmpty();
    }

    @Test
    void staffRoleGrantOffHoursWhenConfiguredThenItsHoursDaysAndZone() {
        AlertsProperties custom = new AlertsProperties(10, defaults.staffTenantDataAttempt(), defaults.denialBurst(),
                new AlertsProperties.StaffRoleGrantOffHours(true, "Europe/London", EnumSet.of(DayOfWeek.SATURDAY),
                        "09:30", "12:00"), defaults.sodBypassAttempt());
        StaffRoleGrantOffHoursRule rule = new StaffRoleGrantOffHoursRule(custom);
        ZoneId london = ZoneId.of("Europe/London");
        LocalDateTime saturday = LocalDateTime.of(2026, 3, 14, 10, 0);
        assertThat(rule.evaluate(grantAtUtc(saturday.atZone(london).toInstant().toString()))).isEmpty();
        assertThat(rule.evaluate(grantAtUtc(saturday.withHour(9).atZone(london).toInstant().toString()))).isPresent();
        assertThat(rule.evaluate(grantAtUtc(saturday.minusDays(4).atZone(london).toInstant().toString()))).isPresent();
    }

    @Test
    void propertiesWhenNonsenseThenRefusedWithTheSetting() {
        assertThatThrownBy(() -> new AlertsProperties.StaffRoleGrantOffHours(true, "Mars/Olympus", Set.of(), "08:00",
                "19:00")).hasMessageContaining("zone");
        assertThatThrownBy(() -> new AlertsProperties.StaffRoleGrantOffHours(true, "Europe/Rome", Set.of(), "19:00",
                "08:00")).hasMessageContaining("start");
        assertThatThrownBy(() -> new AlertsProperties.StaffRoleGrantOffHours(true, "Europe/Rome", Set.of(), "8",
                "19:00")).hasMessageContaining("HH:mm");
        assertThatThrownBy(() -> new AlertsProperties.DenialBurst(true, 1, Duration.ofSeconds(60), 10))
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> new AlertsProperties.DenialBurst(true, 10, Duration.ZERO, 10))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> new AlertsProperties.StaffTenantDataAttempt(true, Duration.ofSeconds(-1), 10))
                .hasMessageContaining("repeat-after");
    }

    // sod-bypass-attempt

    @Test
    void sodBypassAttemptWhenGrantOrServiceAccountRefusedForSegregationOfDutiesThenHighAlert() {
        SodBypassAttemptRule rule = new SodBypassAttemptRule(defaults);

        assertThat(rule.evaluate(event(clock.instant(), null, "acc-admin", "account.role-granted", "denied",
                "account/acc-x", "role platform-auditor refused: segregation of duties key-custodian+platform-auditor")))
                .hasValueSatisfying(f -> {
                    assertThat(f.kind()).isEqualTo("sod-bypass-attempt");
                    assertThat(f.severity()).isEqualTo(Severity.HIGH);
                    assertThat(f.subject()).isEqualTo("acc-admin");
                    assertThat(f.detail()).contains("account.role-granted", "account/acc-x",
                            "key-custodian+platform-auditor");
                });
        assertThat(rule.evaluate(event(clock.instant(), TENANT, "key-admin", "account.created", "denied",
                "tenant/" + TENANT, "kind service refused: segregation of duties a+b")))
                .hasValueSatisfying(f -> assertThat(f.tenant()).isEqualTo(TENANT));
    }

    @Test
    void sodBypassAttemptWhenSelfApprovalOrRequesterIsApproverThenAlertWhateverTheExactNames() {
        SodBypassAttemptRule rule = new SodBypassAttemptRule(defaults);
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-so", "approval.self-approval-refused", "denied",
                "approval/apr-1", "nobody approves their own request"))).isPresent();
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-so", "access.grant.self-approval-refused", "success",
                "grant/g-1", null))).as("any prefix, any outcome").isPresent();
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-so", "access.denied", "denied", "platform",
                "access:approve by rule requester-is-approver: the requester cannot approve"))).isPresent();
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-so", "approval.decided", "failure", "approval/x",
                "refused (requester-is-approver)"))).isPresent();
    }

    @Test
    void sodBypassAttemptWhenGrantedRecordedOnlyOrOtherRefusalThenNone() {
        SodBypassAttemptRule rule = new SodBypassAttemptRule(defaults);
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-a", "access.sod-conflict-recorded", "success",
                "account/x", "role x granted although segregation of duties a+b conflicts (configured to record only)")))
                .isEmpty();
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-a", "account.role-granted", "denied", "account/x",
                "role platform-admin refused: no second factor enrolled"))).isEmpty();
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-a", "approval.granted", "success", "approval/x",
                "checked rule requester-is-approver"))).as("a success mentioning the rule").isEmpty();
        assertThat(rule.evaluate(event(clock.instant(), null, "acc-a", "account.role-granted", "success", "account/x",
                "role security-officer on the platform"))).isEmpty();
    }

    // isolation-probe-failure

    @Test
    void isolationProbeFailureWhenARunFailedThenOneCriticalAlertPerRunAndNoneForAPassedRun() {
        IsolationProbeFailureRule rule = new IsolationProbeFailureRule(true);
        LedgerEvent failed = event(clock.instant(), null, "system", "isolation.probe-run", "failure",
                "isolation/runs/iso-0123456789abcdef0123", "5 checks: 3 passed, 1 failed (decrypt-other-keyset), 1 not"
                        + " applicable");

        assertThat(rule.evaluate(failed)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("isolation-probe-failure");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo("isolation/runs/iso-0123456789abcdef0123");
            assertThat(f.tenant()).isNull();
            assertThat(f.detail()).contains("decrypt-other-keyset");
        });
        assertThat(rule.evaluate(failed)).as("every failed run, even the same one seen again").isPresent();
        assertThat(rule.evaluate(event(clock.instant(), null, "system", "isolation.probe-run", "success",
                "isolation/runs/iso-0123456789abcdef0124", "5 checks: 4 passed, 1 not applicable"))).isEmpty();
        assertThat(rule.evaluate(event(clock.instant(), null, "system", "record.integrity-failed", "failure",
                "tenant/t-x", "the sealed document did not open"))).isEmpty();
        assertThat(new IsolationProbeFailureRule(false).enabled()).isFalse();
    }

    // break-glass-review-overdue

    @Test
    void breakGlassReviewOverdueWhenTheEventIsLedgeredThenOneHighAlertAboutTheGrant() {
        BreakGlassReviewOverdueRule rule = new BreakGlassReviewOverdueRule(true);
        TenantId tenant = new TenantId("t-abcdefghijklmnopqrstuvwxyz");
        LedgerEvent overdue = event(clock.instant(), tenant, "system", "elevation.break-glass-review-overdue",
                "failure", "access-request/elv-abc", "ticket default/SUP-1, reason incident-response, review was due");

        assertThat(rule.evaluate(overdue)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("break-glass-review-overdue");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.subject()).isEqualTo("access-request/elv-abc");
            assertThat(f.tenant()).isEqualTo(tenant);
            assertThat(f.detail()).contains("SUP-1");
        });
        assertThat(rule.evaluate(event(clock.instant(), tenant, "acc-o", "elevation.break-glass-reviewed", "success",
                "access-request/elv-abc", "outcome justified"))).isEmpty();
        assertThat(new BreakGlassReviewOverdueRule(false).enabled()).isFalse();
    }

    // revocation-failed

    @Test
    void revocationFailedWhenTheEventIsLedgeredThenOneCriticalAlertAboutTheGrant() {
        RevocationFailedRule rule = new RevocationFailedRule(true);
        TenantId tenant = new TenantId("t-abcdefghijklmnopqrstuvwxyz");
        LedgerEvent failed = event(clock.instant(), tenant, "system", "elevation.revocation-failed", "failure",
                "access-request/elv-abc", "grant end not confirmed within PT1S by node(s) node-b");

        assertThat(rule.evaluate(failed)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo("revocation-failed");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).isEqualTo("access-request/elv-abc");
            assertThat(f.tenant()).isEqualTo(tenant);
            assertThat(f.detail()).contains("node-b");
        });
        assertThat(rule.evaluate(event(clock.instant(), tenant, "system", "elevation.revocation-confirmed", "success",
                "access-request/elv-abc", "grant ended on every live node (2) 40 ms after it was ended"))).isEmpty();
        assertThat(new RevocationFailedRule(false).enabled()).isFalse();
    }

    @Test
    void rulesWhenDisabledThenTheObserverDoesNotRunThem() {
        AlertsProperties off = new AlertsProperties(10, new AlertsProperties.StaffTenantDataAttempt(false,
                Duration.ofMinutes(10), 10), new AlertsProperties.DenialBurst(false, 10, Duration.ofSeconds(60), 10),
                new AlertsProperties.StaffRoleGrantOffHours(false, "Europe/Rome", Set.of(), "08:00", "19:00"),
                new AlertsProperties.SodBypassAttempt(false));
        List<AlertRule> rules = List.of(new StaffTenantDataAttemptRule(off, clock), new DenialBurstRule(off, clock),
                new StaffRoleGrantOffHoursRule(off), new SodBypassAttemptRule(off));
        assertThat(rules).noneMatch(AlertRule::enabled);
        assertThat(rules).extracting(AlertRule::kind).containsExactly("staff-tenant-data-attempt", "denial-burst",
                "staff-role-grant-off-hours", "sod-bypass-attempt");
    }
}
