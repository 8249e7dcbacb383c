/**
 * Demo: seeds an empty store with two tenants (one {@code strict}, one {@code baseline}) and some history,
 * through the same decision point and ledger as any client, when Custodia runs as {@code ./custodia demo}
 * (profile {@code demo}). Marks the store as holding demo data, which production mode refuses.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo")
package eu.custodia.server.demo;
