package eu.custodia.server.platform;

/** How strict Custodia is about its own configuration. */
public enum Mode {
    /** Demo and development: self-signed certificates and local key files are accepted. */
    DEV,
    /** Refuses to start on any insecure setting, listing every reason (see {@code ./custodia doctor}). */
    PRODUCTION
}
