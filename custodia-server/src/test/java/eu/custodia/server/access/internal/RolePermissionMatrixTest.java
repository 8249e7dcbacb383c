package eu.custodia.server.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated matrix: every role × every permission × {the platform, the caller's own tenant, another
 * tenant}, decided by the whole rule chain for the strongest caller that role can have (a second factor
 * verified this instant, no scopes), against the README's table as the specification. A provider role never
 * reaches tenant data on a tenant, and a tenant role never reaches another tenant or the platform.
 */
class RolePermissionMatrixTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private final RuleChain chain = RuleChain.standard(new MfaRule(Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(10)), RolePermissionRule.CustomRolePermissions.NONE);

    /** role → permission code → cell ({@code any}, {@code platform}, {@code own}, or {@code –}). */
    private static Map<String, Map<String, String>> readmeTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String table = readme.substring(readme.indexOf("<!-- roles-table begin -->"),
                readme.indexOf("<!-- roles-table end -->"));
        String[] header = table.lines().filter(l -> l.startsWith("| permission")).findFirst().orElseThrow().split("\\|");
        List<String> roles = Arrays.stream(header).skip(3).map(String::strip).map(r -> r.replace("`", "")).toList();
        Map<String, Map<String, String>> cells = new HashMap<>();
        table.lines().filter(l -> l.startsWith("| `")).forEach(row -> {
            String[] parts = row.split("\\|");
            String code = parts[1].strip().replace("`", "");
            for (int i = 0; i < roles.size(); i++) {
                cells.computeIfAbsent(roles.get(i), r -> new HashMap<>()).put(code, parts[3 + i].strip());
            }
        });
        return cells;
    }

    @Test
    void decideWhenEveryRoleAsksEveryPermissionEverywhereThenExactlyWhatTheTableSays() throws IOException {
        Map<String, Map<String, String>> table = readmeTable();
        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        TenantId own = TenantId.random();
        TenantId other = TenantId.random();
        VerifiedFactor fresh = new VerifiedFactor(VerifiedFactor.TOTP, NOW);
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (String role : Roles.ALL) {
            boolean tenantRole = Roles.TENANT_BOUND.contains(role);
            Caller caller = new Caller("acc-" + role, tenantRole ? Account.TENANT_USER : Account.STAFF, Set.of(role),
                    tenantRole ? own : null, List.of("password", "totp"), "acc-" + role, List.of(fresh), true, false);
            for (Permission permission : Permission.values()) {
                if (permission == Permission.ACCOUNT_SELF) {
                    continue;
                }
                String cell = table.get(role).get(permission.code());
                for (TenantId where : Arrays.asList(null, own, other)) {
                    boolean expected = switch (cell) {
                        case "any" -> true;
                        case "platform" -> where == null;
                        case "own" -> tenantRole && own.equals(where);
                        default -> false;
                    };
                    if (!tenantRole && permission.tenantData() && where != null) {
                        expected = false;
                    }
                    boolean actual = chain.evaluate(new AccessRequest(caller, permission, where)).decision().allowed();
                    if (actual != expected) {
                        mismatches.add(role + " " + permission.code() + " on " + (where == null ? "platform"
                                : where == own ? "own tenant" : "other tenant") + ": expected " + expected);
                    }
                    cases++;
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(cases).isEqualTo(Roles.ALL.size() * (Permission.values().length - 1) * 3);
    }

    @Test
    void decideWhenTheFactorIsStaleThenNoSensitivePermissionForAnyRole() throws IOException {
        Map<String, Map<String, String>> table = readmeTable();
        TenantId own = TenantId.random();
        VerifiedFactor stale = new VerifiedFactor(VerifiedFactor.TOTP, NOW.minus(Duration.ofMinutes(11)));
        int sensitive = 0;
        for (String role : Roles.ALL) {
            boolean tenantRole = Roles.TENANT_BOUND.contains(role);
            Caller caller = new Caller("acc-" + role, tenantRole ? Account.TENANT_USER : Account.STAFF, Set.of(role),
                    tenantRole ? own : null, List.of("password", "totp"), "acc-" + role, List.of(stale), true, false);
            for (Permission permission : Permission.values()) {
                String cell = table.get(role).get(permission.code());
                if (!permission.sensitive() || cell == null || cell.equals("–")) {
                    continue;
                }
                TenantId where = cell.equals("own") ? own : null;
                assertThat(chain.evaluate(new AccessRequest(caller, permission, where)).decision().rule())
                        .as("%s %s", role, permission.code()).isEqualTo("mfa-fresh");
                sensitive++;
            }
        }
        assertThat(sensitive).isGreaterThan(5);
    }
}
