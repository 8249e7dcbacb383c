package eu.custodia.server.identity;

import java.util.Set;

/**
 * The role names a credential can carry. What each role may do is decided by the access module's
 * role-permission table, never here.
 */
public final class Roles {

    /** Everything on the platform and the tenant register; administers API keys. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Reads the tenant register and every log. */
    public static final String PLATFORM_AUDITOR = "platform-auditor";
    /** Bound to one tenant: administers that tenant's users. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Bound to one tenant: reads that tenant's log only (a machine role: the tenant's own log verifier). */
    public static final String TENANT_LEDGER_READER = "tenant-ledger-reader";
    /** Bound to one tenant: a member of the customer's staff; reads and writes that tenant's records. */
    public static final String TENANT_MEMBER = "tenant-member";
    /** Bound to one tenant: the customer's auditor or data-protection officer; reads, never writes. */
    public static final String TENANT_AUDITOR = "tenant-auditor";

    /** Staff: administers the platform's accounts policy, approves staff roles (two-person rule), reads the audit trail. */
    public static final String SECURITY_OFFICER = "security-officer";
    /** Staff: looks after tenants' key hierarchy (the vault's key operations, when they exist). */
    public static final String KEY_CUSTODIAN = "key-custodian";
    /** Staff: supports customers from the register's metadata; tenant data only through an access grant. */
    public static final String SUPPORT_ENGINEER = "support-engineer";

    /** Every role a key may be given. */
    public static final Set<String> ALL = Set.of(PLATFORM_ADMIN, PLATFORM_AUDITOR, SECURITY_OFFICER, KEY_CUSTODIAN,
            SUPPORT_ENGINEER, TENANT_ADMIN, TENANT_LEDGER_READER, TENANT_MEMBER, TENANT_AUDITOR);

    /** Roles that only make sense bound to one tenant. */
    public static final Set<String> TENANT_BOUND = Set.of(TENANT_ADMIN, TENANT_LEDGER_READER, TENANT_MEMBER,
            TENANT_AUDITOR);

    /**
     * Provider roles that touch production: a staff member holds one only with a valid confidentiality
     * agreement (commitment 3), and loses it (suspended) when the agreement expires.
     */
    public static final Set<String> PRODUCTION = Set.of(PLATFORM_ADMIN, PLATFORM_AUDITOR, SECURITY_OFFICER,
            KEY_CUSTODIAN, SUPPORT_ENGINEER);

    /**
     * Administrative roles: nobody may be granted one without an enrolled second factor, and they grant
     * nothing to a caller that has not verified one (commitment 6).
     */
    public static final Set<String> ADMINISTRATIVE = Set.of(PLATFORM_ADMIN, SECURITY_OFFICER, KEY_CUSTODIAN,
            TENANT_ADMIN);

    private Roles() {
    }
}
