package eu.custodia.server.access.internal;

import eu.custodia.server.identity.RoleConflicts;
import eu.custodia.server.identity.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Static segregation-of-duties rules: pairs of roles one person must not hold together, each with a
 * response, from {@code custodia.access.sod.conflicts} (entries {@code roleA+roleB:refuse|approve|record}). The
 * defaults separate who keeps the keys from who audits them, and who runs the platform from who polices it
 * (ISO/IEC 27001:2022 A.5.3). Checked when a role is granted and again when a role becomes active (an
 * approval, a reinstatement); a misconfigured rule stops the start-up with the reason.
 */
@Component
final class SegregationOfDuties implements RoleConflicts {

    /** The default rules. */
    static final String DEFAULTS = "key-custodian+platform-auditor:refuse,security-officer+platform-admin:refuse";

    private record Rule(String a, String b, Response response) {
    }

    private final List<Rule> rules;

    SegregationOfDuties(@Value("${custodia.access.sod.conflicts:" + DEFAULTS + "}") List<String> entries) {
        List<Rule> parsed = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] pairAndResponse = text.split(":", -1);
            String[] pair = pairAndResponse[0].split("\\+", -1);
            if (pairAndResponse.length != 2 || pair.length != 2) {
                throw new IllegalArgumentException("custodia.access.sod.conflicts: '" + text
                        + "' must read roleA+roleB:refuse, roleA+roleB:approve or roleA+roleB:record");
            }
            for (String role : pair) {
                if (!Roles.ALL.contains(role.strip())) {
                    throw new IllegalArgumentException("custodia.access.sod.conflicts: unknown role '" + role.strip()
                            + "' in '" + text + "'; roles are " + new java.util.TreeSet<>(Roles.ALL));
                }
            }
            Response response;
            try {
                response = Response.valueOf(pairAndResponse[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("custodia.access.sod.conflicts: response '" + pairAndResponse[1]
                        + "' in '" + text + "' must be refuse, approve or record", e);
            }
            if (pair[0].strip().equals(pair[1].strip())) {
                throw new IllegalArgumentException("custodia.access.sod.conflicts: '" + text + "' pairs a role with itself");
            }
            parsed.add(new Rule(pair[0].strip(), pair[1].strip(), response));
        }
        this.rules = List.copyOf(parsed);
    }

    @Override
    public Optional<Conflict> conflict(Set<String> held, String role) {
        for (Rule rule : rules) {
            if (rule.a().equals(role) && held.contains(rule.b())) {
                return Optional.of(new Conflict(rule.b(), role, rule.response()));
            }
            if (rule.b().equals(role) && held.contains(rule.a())) {
                return Optional.of(new Conflict(rule.a(), role, rule.response()));
            }
        }
        return Optional.empty();
    }
}
