/**
 * Platform: configuration, modes, TLS, hardening self-check, persistence, problem details, clock. Every
 * other module may depend on this one; it depends on none of them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package eu.custodia.server.platform;
