package eu.custodia.server.isolation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of the isolation probe.
 *
 * @param id {@code iso-} and 20 hexadecimal digits
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param passed true when every check passed or was not applicable
 * @param triggeredBy the id of who started it: {@code system} for the schedule, else the caller's id
 * @param checks the checks, in the order they ran
 */
public record ProbeRun(String id, Instant startedAt, Instant finishedAt, boolean passed, String triggeredBy,
        List<CheckResult> checks) {

    public ProbeRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(triggeredBy, "triggeredBy");
        checks = List.copyOf(checks);
    }

    /** {@code passed} or {@code failed}. */
    public String outcome() {
        return passed ? "passed" : "failed";
    }

    /** The run's outcome when every check is passed or not applicable. */
    public static boolean passes(List<CheckResult> checks) {
        return checks.stream().noneMatch(c -> c.status() == CheckStatus.FAILED);
    }

    /** Counts and failed check ids, e.g. {@code 5 checks: 4 passed, 1 not applicable}. */
    public String summary() {
        long passedCount = count(CheckStatus.PASSED);
        long failedCount = count(CheckStatus.FAILED);
        long notApplicable = count(CheckStatus.NOT_APPLICABLE);
        StringBuilder s = new StringBuilder().append(checks.size()).append(" checks: ").append(passedCount)
                .append(" passed");
        if (failedCount > 0) {
            s.append(", ").append(failedCount).append(" failed (").append(String.join(", ", checks.stream()
                    .filter(c -> c.status() == CheckStatus.FAILED).map(CheckResult::id).toList())).append(')');
        }
        if (notApplicable > 0) {
            s.append(", ").append(notApplicable).append(" not applicable");
        }
        return s.toString();
    }

    private long count(CheckStatus status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }
}
