package eu.custodia.server.access;

import eu.custodia.server.identity.Caller;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The register of staff confidentiality agreements (commitment 3). A staff member holds a role that touches
 * production ({@link eu.custodia.server.identity.Roles#PRODUCTION}) only while one of their agreements is
 * valid: signed on or before today, expiring today or later, not ended. Without one, such a role is refused
 * at its grant (rule {@code confidentiality-agreement}) and suspended when the last valid agreement lapses;
 * registering a new one reinstates what was suspended for that reason. Every change writes its ledger event
 * (platform log, accounts by id) in the same transaction. Authorization ({@code agreements:admin}) is the
 * caller's job; the rules that hold whoever calls (nobody registers or ends their own agreement, only staff
 * accounts have one) are enforced here.
 */
public interface Agreements {

    /** A confidentiality clause of an employment contract. */
    String EMPLOYMENT_CONFIDENTIALITY = "employment-confidentiality";
    /** A non-disclosure agreement of a contractor. */
    String CONTRACTOR_NDA = "contractor-nda";
    /** A non-disclosure agreement of a sub-processor's person working on the platform. */
    String SUB_PROCESSOR_NDA = "sub-processor-nda";
    /** The kinds of agreement, a closed list. */
    List<String> KINDS = List.of(EMPLOYMENT_CONFIDENTIALITY, CONTRACTOR_NDA, SUB_PROCESSOR_NDA);

    /** Why an agreement is ended, a closed list. */
    List<String> END_REASONS = List.of("employment-ended", "contract-ended", "superseded", "registered-in-error",
            "breach");

    /** Why a role is suspended for want of an agreement: the reason codes a new agreement resolves. */
    List<String> SUSPENSION_REASONS = List.of("agreement-expired", "agreement-ended", "no-valid-agreement");

    /**
     * Registers an agreement of a staff account, then reinstates the roles suspended for want of one (each
     * re-checked as a grant is).
     *
     * @throws eu.custodia.server.platform.ProblemException {@code own-agreement} (403, ledgered) for the
     *     caller's own account; {@code invalid-agreement} (400) for a bad kind, dates or hash; not-found;
     *     {@code agreement-staff-only} (409) for an account that is not staff; conflict for a deprovisioned
     *     account or a document already registered for it
     */
    Registration register(Caller actor, String accountId, NewAgreement agreement);

    /**
     * Ends (withdraws) an agreement for {@code reason} (one of {@link #END_REASONS}). When it leaves its staff
     * member without a valid agreement, their production roles are suspended at once
     * ({@code agreement-ended}).
     *
     * @throws eu.custodia.server.platform.ProblemException {@code own-agreement} (403, ledgered);
     *     {@code invalid-agreement} (400) for an unknown reason; not-found; conflict when already ended
     */
    Agreement end(Caller actor, String agreementId, String reason);

    Optional<Agreement> find(String agreementId);

    /** The account's agreements, newest first. */
    List<Agreement> of(String accountId);

    /** True when the account has a valid agreement today. */
    boolean covered(String accountId);

    /**
     * An agreement to register.
     *
     * @param kind one of {@link #KINDS}
     * @param signedOn the day it was signed, not after today
     * @param expiresOn its last valid day: after {@code signedOn}, not before today, at most 10 years after
     *     {@code signedOn}
     * @param documentSha256 the SHA-256 of the signed document, 64 lower-case hex digits
     */
    record NewAgreement(String kind, LocalDate signedOn, LocalDate expiresOn, String documentSha256) {
    }

    /**
     * A registration: the agreement and what it gave back.
     *
     * @param agreement the registered agreement
     * @param reinstatedRoles the roles reinstated
     * @param stillSuspended the roles that stay suspended, each with the rule that keeps it
     */
    record Registration(Agreement agreement, List<String> reinstatedRoles, List<KeptRole> stillSuspended) {

        public Registration {
            reinstatedRoles = List.copyOf(reinstatedRoles);
            stillSuspended = List.copyOf(stillSuspended);
        }
    }

    /** A role that stays suspended after a registration, with the rule that keeps it and why. */
    record KeptRole(String role, String rule, String detail) {
    }
}
