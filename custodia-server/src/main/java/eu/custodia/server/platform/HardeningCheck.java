package eu.custodia.server.platform;

import java.util.List;

/**
 * One part of Custodia's hardening self-check. Every module contributes its own checks as beans (the platform
 * checks TLS, endpoints, the store and demo data; the ledger checks its signing key; the vault its KMS); all
 * of them run at startup and in {@code ./custodia doctor}. In {@code production} mode any failure stops
 * the start, listing every failing reason; in {@code dev} mode failures are logged as warnings.
 *
 * <p>A check reads configuration and local state only: it must be fast, must not change anything, and must
 * not throw (report a failure instead).
 */
public interface HardeningCheck {

    /**
     * Setting that accepts key material kept in plain local files (the TLS private key, a file KMS, a ledger
     * signing key file): {@code custodia.acknowledge-plain-key-files=true}. Checks of key files fail in
     * {@code production} unless it is set.
     */
    String ACKNOWLEDGE_PLAIN_KEY_FILES = "custodia.acknowledge-plain-key-files";

    /** Runs the check; returns one result per setting examined (at least one). */
    List<HardeningResult> check();
}
