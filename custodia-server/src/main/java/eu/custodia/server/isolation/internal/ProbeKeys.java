package eu.custodia.server.isolation.internal;

import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.KeySpec;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The probe's keys: a {@code tenant-member} API key of a canary tenant, issued for one run (as the system, the
 * way a tenant's first keys are issued at set-up) and revoked when the run ends. The token only lives in this
 * method, long enough to authenticate it as any request would be: it never reaches a log, the ledger or the
 * store. A key a crash left unrevoked expires after a day and opens nothing but a canary tenant.
 */
@Component
final class ProbeKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeKeys.class);
    /** The platform's own code acting for the probe: issues and revokes the canary keys. */
    static final Caller PROBE = new Caller("isolation-probe", Caller.KIND_SYSTEM, Set.of(), null,
            List.of(Caller.KIND_SYSTEM));
    static final String DESCRIPTION = "isolation probe canary key (one run)";

    /** A key issued for one run: its id (to revoke it) and the caller it authenticates as. */
    record ProbeKey(String id, Caller caller) {
    }

    private final ApiKeys keys;

    ProbeKeys(ApiKeys keys) {
        this.keys = keys;
    }

    ProbeKey issue(TenantId tenant) {
        IssuedKey issued = keys.create(PROBE, new KeySpec(Set.of(Roles.TENANT_MEMBER), tenant, DESCRIPTION,
                Duration.ofDays(1), null));
        try {
            Caller caller = keys.authenticate(issued.token()).orElseThrow(() -> new IllegalStateException(
                    "a canary key just issued did not authenticate"));
            return new ProbeKey(issued.key().id(), caller);
        } catch (RuntimeException e) {
            revoke(issued.key().id());
            throw e;
        }
    }

    /** Revokes a key; never throws (a key left behind expires within a day, and the failure is logged). */
    void revoke(String id) {
        try {
            keys.revoke(PROBE, id);
        } catch (RuntimeException e) {
            LOG.error("isolation probe: revoking canary key {} failed; it expires within a day", id, e);
        }
    }
}
