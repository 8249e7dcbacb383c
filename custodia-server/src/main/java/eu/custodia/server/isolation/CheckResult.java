package eu.custodia.server.isolation;

import java.util.Objects;

/**
 * The result of one check of a probe run.
 *
 * @param id the check, e.g. {@code api-other-tenant-key}
 * @param status passed, failed or not applicable
 * @param reason a short reason naming ids, rules and counts; never a canary value, key or token
 */
public record CheckResult(String id, CheckStatus status, String reason) {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    public static CheckResult passed(String id, String reason) {
        return new CheckResult(id, CheckStatus.PASSED, reason);
    }

    public static CheckResult failed(String id, String reason) {
        return new CheckResult(id, CheckStatus.FAILED, reason);
    }

    public static CheckResult notApplicable(String id, String reason) {
        return new CheckResult(id, CheckStatus.NOT_APPLICABLE, reason);
    }
}
