package eu.custodia.server.isolation.internal;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;

/**
 * What the checks of one run work on: the two canary tenants, a short-lived tenant-member key of each (as the
 * callers they authenticate to; the tokens are gone by then), and canary A's record as stored.
 *
 * @param a canary tenant A, whose record every check tries to reach
 * @param b canary tenant B, the would-be intruder
 * @param callerA A's own key (the positive controls)
 * @param callerB B's key
 * @param sealedA A's canary record as stored, or null when it could not be read
 */
record ProbeContext(TenantId a, TenantId b, Caller callerA, Caller callerB, SealedCanary sealedA) {

    /** The canaries' collection, indexed field and record id (the same in both tenants). */
    static final String COLLECTION = "isolation-canary";
    static final String FIELD = "canary";
    static final String RECORD = "canary";

    /** A canary record's row: its version and ciphertext (sealed under the tenant's records keyset). */
    record SealedCanary(long version, byte[] ciphertext) {
    }
}
