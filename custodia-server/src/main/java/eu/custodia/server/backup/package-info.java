/**
 * Backups: one encrypted archive per tenant ({@code ./custodia backup}), restored into an empty store
 * ({@code ./custodia restore}) and checkable without restoring ({@code ./custodia backup verify}). The body
 * is sealed with the tenant's own streaming AEAD, whose keyset travels in the archive still wrapped by the
 * tenant's key-encryption key: destroying that KEK (crypto-shredding) makes every backup of the tenant
 * unreadable too. A manifest of SHA-256 digests and counts is signed with the ledger key (a C2SP signed
 * note). See {@code README.md}, "Backups".
 */
@org.springframework.modulith.ApplicationModule(displayName = "Backup")
package eu.custodia.server.backup;
