/**
 * Isolation: a probe that keeps verifying tenant isolation (commitment 4, applied and verified). It plants
 * canary records in two canary tenants of its own and tries to cross from one to the other through every
 * path: the records API with the other tenant's key, decryption with the other tenant's keyset, a ciphertext
 * moved to another id, version or tenant, blind-index tokens, and SQL without a tenant filter under PostgreSQL
 * row-level security. Each run is kept, ledgered in the platform log as {@code isolation.probe-run}, and a
 * failed run raises a security alert (the alerts module's {@code isolation-probe-failure} rule).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Isolation")
package eu.custodia.server.isolation;
