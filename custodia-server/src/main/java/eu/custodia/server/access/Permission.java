package eu.custodia.server.access;

/** What a caller may be allowed to do; the decision point maps roles and scopes onto these. */
public enum Permission {
    /** Read the tenant register. */
    TENANTS_READ("tenants:read", false, false, false),
    /** Create tenants, change their contract data and their lifecycle state. */
    TENANTS_WRITE("tenants:write", true, false, false),
    /** Read a log: its checkpoint, tiles, entries and proofs. On a tenant, the content of its ledger: tenant data. */
    LEDGER_READ("ledger:read", false, false, true),
    /** Create and revoke API keys. */
    KEYS_ADMIN("keys:admin", true, true, false),
    /** List and read API keys (metadata, never secrets). */
    KEYS_READ("keys:read", false, false, false),
    /** Invite accounts, change their state, grant and revoke their roles, reset their second factors. */
    USERS_ADMIN("users:admin", true, true, false),
    /** Read accounts (without secrets). */
    USERS_READ("users:read", false, false, false),
    /** Manage one's own account: enrol and confirm second factors. Only ever on the caller's own account. */
    ACCOUNT_SELF("account:self", true, false, false),
    /** Read the platform's configuration and hardening report. */
    PLATFORM_READ("platform:read", false, false, false),
    /** Ask the decision point to explain how it would decide for a given key. */
    ACCESS_EXPLAIN("access:explain", false, false, false),
    /** Read a tenant's records and blobs (the vault's records API): tenant data. */
    RECORDS_READ("records:read", false, false, true),
    /** Write a tenant's records and blobs: tenant data. */
    RECORDS_WRITE("records:write", true, false, true),
    /**
     * Rotate a tenant's keysets and re-wrap them under a new key-encryption key version (the vault's key
     * operations). Key ids and versions only: never key material, never tenant data.
     */
    KEYS_ROTATE("keys:rotate", true, true, false),
    /** Define, change and delete a tenant's own roles; only ever a tenant's own administrators, on their tenant. */
    ROLES_ADMIN("roles:admin", true, true, false),
    /** Approve or reject what waits for a second person: staff role grants (two-person rule), role grants a segregation-of-duties rule sends for approval. */
    ACCESS_APPROVE("access:approve", true, true, false),
    /** Register, renew and end staff confidentiality agreements. */
    AGREEMENTS_ADMIN("agreements:admin", true, true, false),
    /** Read the register of confidentiality agreements. */
    AGREEMENTS_READ("agreements:read", false, false, false),
    /** Open access-review campaigns, certify or revoke the assignments one reviews, read campaign reports. */
    REVIEWS_RUN("reviews:run", true, false, false),
    /** Read security alerts. */
    ALERTS_READ("alerts:read", false, false, false),
    /** Acknowledge a security alert with a note (alerts are never deleted). */
    ALERTS_ACK("alerts:ack", true, false, false),
    /**
     * Ask for, activate and end one's own just-in-time access to a tenant's data (the elevation module): a
     * support engineer, on the tenant concerned. Gives no access by itself: only an approved, activated grant
     * does.
     */
    ELEVATION_REQUEST("elevation:request", true, true, false),
    /**
     * Approve, deny or revoke just-in-time access requests on a tenant: security officers (the provider's
     * gate) on any tenant, a tenant's administrators (the customer's gate) on their own.
     */
    ELEVATION_APPROVE("elevation:approve", true, true, false),
    /** Read the just-in-time access requests on a tenant, with their history (the customer's view). */
    ELEVATION_READ("elevation:read", false, false, false),
    /**
     * Add and remove the tenant's webhook endpoints, where notices about staff access to its data are sent
     * (the notices module): a tenant's own administrators, on their tenant.
     */
    NOTICES_ADMIN("notices:admin", true, true, false);

    private final String code;
    private final boolean write;
    private final boolean sensitive;
    private final boolean tenantData;

    Permission(String code, boolean write, boolean sensitive, boolean tenantData) {
        this.code = code;
        this.write = write;
        this.sensitive = sensitive;
        this.tenantData = tenantData;
    }

    /**
     * True when exercising it on a tenant reaches that tenant's data: its records and blobs, or the content
     * of its ledger (commitment 5). No platform-side credential holds such a permission on a tenant: the
     * decision point's {@code no-standing-staff-access} rule denies it, whatever the caller's roles; only a
     * time-boxed access grant does (just-in-time elevation, rule {@code elevation-grant}).
     */
    public boolean tenantData() {
        return tenantData;
    }

    /**
     * True for sensitive operations (key operations, role grants; later approvals and exports): they need a
     * second factor verified within the step-up window ({@code custodia.identity.step-up-window}, 10 min).
     */
    public boolean sensitive() {
        return sensitive;
    }

    public String code() {
        return code;
    }

    /** True when exercising it changes state; allows of write permissions are ledgered, like every deny. */
    public boolean write() {
        return write;
    }

    /** The permission with this code, or null. */
    public static Permission ofCode(String code) {
        for (Permission p : values()) {
            if (p.code.equals(code)) {
                return p;
            }
        }
        return null;
    }
}
