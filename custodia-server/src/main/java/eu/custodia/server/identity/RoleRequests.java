package eu.custodia.server.identity;

import java.util.List;
import java.util.Optional;

/**
 * Role grants waiting for a second person (ISO/IEC 27001:2022 A.5.3 and A.5.18): listed, approved or
 * rejected by a security officer. The decision point decides who may call these ({@code access:approve});
 * the rules about <em>which</em> request a caller may decide hold whoever calls and are enforced here:
 * nobody decides a request they made ({@code requester-is-approver}) or one for their own account
 * ({@code own-role-approval}); each refusal is ledgered as {@code access.self-approval-refused}.
 * Approving re-checks everything a direct grant checks, at that moment: the account is active, an
 * administrative role has a second factor, the role guards (a valid confidentiality agreement) and
 * segregation of duties against the roles the account holds now.
 */
public interface RoleRequests {

    /** Requests in {@code state} (null: all), newest first, at most {@code limit}. */
    List<RoleRequest> list(String state, int limit);

    Optional<RoleRequest> find(String id);

    /**
     * Approves a pending request: the role is granted, in one transaction with the approval's ledger events.
     *
     * @throws eu.custodia.server.platform.ProblemException not-found; {@code self-approval} (403) for the
     *     requester or the account itself; conflict when it is no longer pending or has expired; the grant's
     *     own refusals ({@code mfa-not-enrolled}, {@code sod-conflict}, a guard's) when they hold now
     */
    Accounts.RoleGrant approve(Caller approver, String id);

    /**
     * Rejects a pending request; {@code reason} stays with the request, never in a ledger.
     *
     * @throws eu.custodia.server.platform.ProblemException as for {@link #approve}
     */
    RoleRequest reject(Caller approver, String id, String reason);
}
