/**
 * Notices: the tenant's security contact is told about provider staff's access to its data (commitment 5). Every
 * step of a just-in-time access request (asked, approved at each gate, denied, activated, break-glass opened,
 * concluded, revoked, expired) becomes a notice in the tenant's in-app inbox and, for each webhook endpoint the
 * tenant's administrators registered, a signed delivery per <a href="https://www.standardwebhooks.com/">Standard
 * Webhooks</a>. Notices and deliveries are written in the transaction of the change they report (from its
 * ledger event), so none is lost and none is sent for a change that rolled back; a worker sends the deliveries
 * afterwards, retrying with backoff. E-mail follows when notifications exist.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notices")
package eu.custodia.server.notices;
