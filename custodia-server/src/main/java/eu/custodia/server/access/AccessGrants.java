package eu.custodia.server.access;

import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The just-in-time access grants in force (commitment 5): the one exception to the decision point's
 * {@code no-standing-staff-access} rule. Implemented by the elevation module, which keeps them in memory
 * (in step with its store on every commit) so that a lookup costs no query; the decision point asks it
 * for every platform-side request for tenant data.
 */
public interface AccessGrants {

    /** Read access: {@code records:read} and {@code ledger:read} on the tenant. */
    String READ = "read";
    /** Write access: what read gives, and {@code records:write}. */
    String WRITE = "write";

    /** No grant anywhere (the decision point without the elevation module, and its tests). */
    AccessGrants NONE = (principal, tenant, permission, collection, now) -> Optional.empty();

    /**
     * The active grant of {@code principal} (an account id, the person behind a session or a key) on
     * {@code tenant} that covers {@code permission} in {@code collection} (null: a call that names none) at
     * {@code now}, if any.
     */
    Optional<ActiveGrant> find(String principal, TenantId tenant, Permission permission, String collection,
            Instant now);

    /**
     * True while grant {@code grantId} is still in force at {@code now}: for work that outlives the decision that
     * allowed it (a streamed download or upload), checked as it goes so that it stops when the grant ends.
     */
    default boolean inForce(String grantId, Instant now) {
        return false;
    }

    /**
     * A grant in force.
     *
     * @param id the grant's id (the access request's id)
     * @param principal the account it was given to
     * @param tenant the tenant it opens
     * @param access {@link #READ} or {@link #WRITE}
     * @param collections the collections it was approved for (empty: all)
     * @param ticket the ticket reference it was asked under
     * @param reasonCode why, one of the elevation module's reason codes
     * @param employer who employs the accessor (for the customer's record of each use)
     * @param country the country the accessor works from (may be empty)
     * @param expiresAt when it ends
     */
    record ActiveGrant(String id, String principal, TenantId tenant, String access, List<String> collections,
            String ticket, String reasonCode, String employer, String country, Instant expiresAt) {

        public ActiveGrant {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(expiresAt, "expiresAt");
            collections = List.copyOf(collections);
        }

        /**
         * True when this grant's access mode covers {@code permission} in {@code collection}: read gives
         * {@code records:read} and {@code ledger:read}, write adds {@code records:write}; a grant narrowed to
         * collections covers only calls in one of them (not a call that names no collection, nor the ledger).
         */
        public boolean covers(Permission permission, String collection) {
            boolean mode = switch (permission) {
                case RECORDS_READ, LEDGER_READ -> true;
                case RECORDS_WRITE -> WRITE.equals(access);
                default -> false;
            };
            return mode && (collections.isEmpty() || collection != null && collections.contains(collection));
        }

        /** True while {@code now} is before its end. */
        public boolean activeAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }
}
