package eu.custodia.server.access;

/** What a caller may be allowed to do; the decision point maps roles and scopes onto these. */
public enum Permission {
    /** Read the tenant register. */
    TENANTS_READ("tenants:read", false),
    /** Create tenants, change their contract data and their lifecycle state. */
    TENANTS_WRITE("tenants:write", true),
    /** Read a log: its checkpoint, tiles, entries and proofs. */
    LEDGER_READ("ledger:read", false),
    /** Create and revoke API keys. */
    KEYS_ADMIN("keys:admin", true),
    /** Read the platform's configuration and hardening report. */
    PLATFORM_READ("platform:read", false),
    /** Ask the decision point to explain how it would decide for a given key. */
    ACCESS_EXPLAIN("access:explain", false);

    private final String code;
    private final boolean write;

    Permission(String code, boolean write) {
        this.code = code;
        this.write = write;
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
