/**
 * Elevation: just-in-time staff access to one tenant's data (commitment 5). A support engineer asks under a
 * ticket and a reason code; security officers approve (two-person rule), then, when the tenant's policy says
 * so, one of the tenant's administrators; the requester activates it with a fresh second factor; it ends by
 * conclusion, revocation or expiry. The access module's decision point asks {@link
 * eu.custodia.server.access.AccessGrants} (implemented here) for every platform-side request for tenant data;
 * every step and every use is ledgered in the tenant's log.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Elevation")
package eu.custodia.server.elevation;
