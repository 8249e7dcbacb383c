/**
 * Tenancy: the tenant and contract register (commitments 1 and 10) and the tenant lifecycle
 * provisioning → active → suspended → terminated, each transition ledgered with actor and reason.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy")
package eu.custodia.server.tenancy;
