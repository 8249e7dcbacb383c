/**
 * Access: the single decision point (roles, permissions, tenant scope; later MFA freshness, grants and
 * segregation of duties) and the HTTP security configuration that routes every request through it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package eu.custodia.server.access;
