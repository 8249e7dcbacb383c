/**
 * Ledger: one C2SP tlog-tiles Merkle log per tenant and one for the platform; pending events written in
 * the business transaction, an integrator, signed checkpoints, tiles, proofs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Ledger")
package eu.custodia.server.ledger;

