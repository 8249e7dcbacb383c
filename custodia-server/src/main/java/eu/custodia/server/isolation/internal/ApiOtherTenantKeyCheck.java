package eu.custodia.server.isolation.internal;

import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.records.Records;
import eu.custodia.server.records.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code api-other-tenant-key}: tenant B's key reads A's canary record and lists A's canary collection through
 * the records service (the decision point, as for any request); both must be refused with 403 {@code forbidden}.
 * Positive control: A's own key reads the record.
 */
@Component
@Order(1)
final class ApiOtherTenantKeyCheck implements IsolationCheck {

    static final String ID = "api-other-tenant-key";

    private final Records records;

    ApiOtherTenantKeyCheck(Records records) {
        this.records = records;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(ProbeContext c) {
        try {
            StoredRecord own = records.read(c.callerA(), c.a(), ProbeContext.COLLECTION, ProbeContext.RECORD);
            if (own.document().length == 0) {
                return CheckResult.failed(ID, "positive control: tenant A's key read an empty canary record");
            }
        } catch (RuntimeException e) {
            return CheckResult.failed(ID, "positive control: tenant A's own key could not read its canary record ("
                    + Failures.describe(e) + ")");
        }
        List<String> open = new ArrayList<>();
        refused("read", () -> records.read(c.callerB(), c.a(), ProbeContext.COLLECTION, ProbeContext.RECORD), open);
        refused("list", () -> records.list(c.callerB(), c.a(), ProbeContext.COLLECTION, Map.of(), null, 10), open);
        if (!open.isEmpty()) {
            return CheckResult.failed(ID, "tenant B's key on tenant A: " + String.join("; ", open));
        }
        return CheckResult.passed(ID, "tenant B's key refused (403 forbidden) reading and listing tenant A's canary;"
                + " tenant A's key read it");
    }

    private static void refused(String what, Runnable attempt, List<String> open) {
        try {
            attempt.run();
            open.add(what + " answered");
        } catch (ProblemException e) {
            if (!ProblemType.FORBIDDEN.slug().equals(e.type().slug())) {
                open.add(what + " refused with " + e.type().slug() + " instead of forbidden");
            }
        } catch (RuntimeException e) {
            open.add(what + " failed (" + Failures.describe(e) + ") instead of being refused");
        }
    }
}
