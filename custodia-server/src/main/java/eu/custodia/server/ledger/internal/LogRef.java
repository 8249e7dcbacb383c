package eu.custodia.server.ledger.internal;

import eu.custodia.server.platform.TenantId;

/**
 * One log's identity: its id ({@code platform}, or the tenant id for a tenant's log), the tenant it belongs
 * to ({@code null} for the platform log) and its C2SP checkpoint origin, {@code <custodia.origin>/platform}
 * or {@code <custodia.origin>/tenants/<tenant id>}.
 */
public record LogRef(String logId, TenantId tenant, String origin) {

    /** The platform log's id. */
    public static final String PLATFORM = "platform";

    /** Returns the log of {@code tenant} ({@code null}: the platform log). */
    public static LogRef of(TenantId tenant, String baseOrigin) {
        return tenant == null ? new LogRef(PLATFORM, null, baseOrigin + "/platform")
                : new LogRef(tenant.value(), tenant, baseOrigin + "/tenants/" + tenant.value());
    }

    /** Parses a log id from untrusted input; returns {@code null} if it cannot name a log. */
    public static LogRef parseOrNull(String logId, String baseOrigin) {
        if (PLATFORM.equals(logId)) {
            return of(null, baseOrigin);
        }
        TenantId tenant = TenantId.parseOrNull(logId);
        return tenant == null ? null : of(tenant, baseOrigin);
    }
}
