package eu.custodia.server.isolation.internal;

import eu.custodia.server.isolation.CheckResult;

/**
 * One path across tenants the probe tries. A check must never throw for what it finds (the run records the
 * result); it reports {@code failed} when the path is open or its positive control does not work, so that a
 * broken probe cannot pass by failing everything. Reasons hold ids and counts, never canary values or keys.
 */
interface IsolationCheck {

    /** The check's id, e.g. {@code api-other-tenant-key}. */
    String id();

    CheckResult run(ProbeContext context);
}
