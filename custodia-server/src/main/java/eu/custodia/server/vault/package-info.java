/**
 * Vault: each tenant's key hierarchy (commitments 4 and 9). A key-encryption key per tenant lives in a KMS
 * ({@link eu.custodia.server.vault.KeyEncryptionKeys}: a local key file, a PKCS#11 token, a cloud KMS); it
 * wraps the tenant's Tink keyset (AES-256-GCM for records, a PRF for blind indexes, streaming AES-256-GCM for
 * blobs and backups), stored in the database. Nothing is decrypted for a tenant without that tenant's own
 * key; an unreachable KMS fails closed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Vault")
package eu.custodia.server.vault;
