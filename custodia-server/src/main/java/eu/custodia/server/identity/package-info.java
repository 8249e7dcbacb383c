/**
 * Identity: who is calling. The first administrator's one-time setup token, bearer API keys (random,
 * shown once, stored hashed, revocable, optionally scoped); people and service accounts, MFA and sessions.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package eu.custodia.server.identity;
