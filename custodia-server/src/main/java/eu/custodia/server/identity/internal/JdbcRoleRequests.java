package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RoleRequest;
import eu.custodia.server.identity.RoleRequests;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * {@link RoleRequests} on table {@code role_requests}. The work is {@link JdbcAccounts}'s, which owns the
 * checks a grant must pass (they run again when a request is approved).
 */
@Service
final class JdbcRoleRequests implements RoleRequests {

    private static final Set<String> STATES = Set.of(RoleRequest.PENDING, RoleRequest.APPROVED, RoleRequest.REJECTED,
            RoleRequest.EXPIRED);

    private final JdbcAccounts accounts;

    JdbcRoleRequests(JdbcAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public List<RoleRequest> list(String state, int limit) {
        if (state != null && !STATES.contains(state)) {
            throw eu.custodia.server.platform.BilingualProblem.field(eu.custodia.server.platform.ProblemType.VALIDATION,
                    "state", "state must be one of pending, approved, rejected, expired.", "state deve essere uno tra"
                            + " pending, approved, rejected, expired.");
        }
        return accounts.listRequests(state, limit);
    }

    @Override
    public Optional<RoleRequest> find(String id) {
        return accounts.findRequest(id);
    }

    @Override
    public Accounts.RoleGrant approve(Caller approver, String id) {
        return accounts.approveRequest(approver, id);
    }

    @Override
    public RoleRequest reject(Caller approver, String id, String reason) {
        return accounts.rejectRequest(approver, id, reason);
    }
}
