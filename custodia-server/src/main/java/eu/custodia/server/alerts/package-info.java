/**
 * Alerts: continuous audit alerts for security officers (commitment 3). Rules observe committed ledger events
 * and raise alerts (a staff attempt on tenant data, a burst of denials, a staff role granted outside office
 * hours, an attempt to bypass segregation of duties); other modules raise their own through
 * {@link eu.custodia.server.alerts.SecurityAlerts}. Alerts are read in-app and ledgered in the platform log;
 * they can be acknowledged once, with a note, and never deleted.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alerts")
package eu.custodia.server.alerts;
