/**
 * Records: where the provider's SaaS application keeps its customers' data, per tenant (commitments 4 and 9).
 * Collections of JSON documents with optimistic versioning, sealed with the tenant's own records keyset under
 * associated data that binds tenant, collection, record id and version; exact-match search through blind
 * indexes; blobs streamed through the tenant's streaming AEAD. Every read and write is ledgered as metadata
 * (ids and versions, never content; data-subject keys only as blind tokens).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Records")
package eu.custodia.server.records;
