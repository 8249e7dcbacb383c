/**
 * Passkeys' relying party: Spring Security's WebAuthn support (webauthn4j) used as a library, without its
 * filters. {@link eu.custodia.server.identity.internal.webauthn.RelyingParty} makes and verifies the options
 * of each ceremony over Spring's JDBC repositories; the account rules, the ceremonies' storage, throttling
 * and the ledger are {@code JdbcPasskeys}' (package {@code identity.internal}).
 */
package eu.custodia.server.identity.internal.webauthn;
