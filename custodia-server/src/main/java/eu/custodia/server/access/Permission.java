package eu.custodia.server.access;

/** What a caller may be allowed to do; the decision point maps roles and scopes onto these. */
public enum Permission {
    /** Read the tenant register. */
    TENANTS_READ("tenants:read"),
    /** Create tenants, change their contract data and their lifecycle state. */
    TENANTS_WRITE("tenants:write"),
    /** Read a log: its checkpoint, tiles, entries and proofs. */
    LEDGER_READ("ledger:read"),
    /** Create and revoke API keys. */
    KEYS_ADMIN("keys:admin"),
    /** Read the platform's configuration and hardening report. */
    PLATFORM_READ("platform:read");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
