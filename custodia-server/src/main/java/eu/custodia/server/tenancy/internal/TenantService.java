package eu.custodia.server.tenancy.internal;

import eu.custodia.server.platform.IfMatch;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantState;
import eu.custodia.server.tenancy.TenantStateChanged;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.Tenants;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant register: every operation is authorized by the decision point first, and every change is
 * written together with its ledger event (tenant's own log) in one transaction, so a failing ledger write
 * leaves nothing changed. A change is decided inside its transaction, so the recorded decision
 * ({@code access.allowed}) commits with the change in one commit (a deny is kept even though the
 * transaction rolls back: the decision point records it again on its own). Ledger events carry the tenant
 * id, the action and the names of changed fields; never contract values.
 */
@Service
class TenantService implements Tenants, TenantCommands {

    static final int MAX_REASON = 200;

    private final TenantRepository repository;
    // Resolved once, at first use (the decision point and the ledger depend on beans that depend on tenancy).
    private final SingletonSupplier<DecisionPoint> decisionPoint;
    private final SingletonSupplier<Ledger> ledger;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;
    private final Accounts accounts;
    private final Duration idempotencyWindow;

    TenantService(TenantRepository repository, ObjectProvider<DecisionPoint> decisionPoint,
            ObjectProvider<Ledger> ledger, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            JsonMapper json, Clock clock, Accounts accounts,
            @Value("${custodia.tenancy.idempotency-window:PT24H}") Duration idempotencyWindow) {
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero() || idempotencyWindow.toDays() > 30) {
            throw new IllegalArgumentException("custodia.tenancy.idempotency-window must be more than 0 and at most 30 days");
        }
        this.idempotencyWindow = idempotencyWindow;
        this.accounts = accounts;
        this.repository = repository;
        this.decisionPoint = SingletonSupplier.of(decisionPoint::getObject);
        this.ledger = SingletonSupplier.of(ledger::getObject);
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    /** A created tenant, or the response first given to the same Idempotency-Key. */
    record Created(TenantView tenant, boolean replayed) {
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        return repository.find(id);
    }

    @Override
    public Optional<TenantState> state(TenantId id) {
        return repository.state(id);
    }

    @Override
    public Tenant create(Caller caller, TenantContract contract) {
        TenantId id = new TenantId(create(caller, contract, null).tenant().id());
        return repository.find(id).orElseThrow();
    }

    @Override
    public Tenant update(Caller caller, TenantId id, long expectedVersion, TenantContract contract) {
        return update(caller, id, IfMatch.parse(IfMatch.etag(expectedVersion)), contract);
    }

    @Override
    public Tenant transition(Caller caller, TenantId id, TenantState to, String reason) {
        return transition(caller, id, to, reason, null);
    }

    Created create(Caller caller, TenantContract contract, String idempotencyKey) {
        String hash = idempotencyKey == null ? null : requestHash(contract);
        Instant keysSince = now().minus(idempotencyWindow);
        try {
            return tx.execute(status -> {
                require(caller, Permission.TENANTS_WRITE, null);
                if (idempotencyKey != null) {
                    Optional<TenantRepository.IdempotentResponse> earlier =
                            repository.idempotentResponse(caller.id(), idempotencyKey, keysSince);
                    if (earlier.isPresent()) {
                        return replay(earlier.get(), hash);
                    }
                    repository.deleteExpiredIdempotencyKey(caller.id(), idempotencyKey, keysSince);
                }
                Instant now = now();
                Tenant tenant = new Tenant(TenantId.random(), TenantState.PROVISIONING, 1, now, now, contract);
                repository.insert(tenant);
                accounts.setTenantMfaRequired(tenant.id(), "strict".equals(contract.policyProfile()));
                repository.insertTransition(tenant.id(), new TenantRepository.Transition(null,
                        TenantState.PROVISIONING, caller.id(), caller.kind(), "created", now));
                TenantView view = TenantView.of(tenant);
                if (idempotencyKey != null) {
                    repository.insertIdempotencyKey(caller.id(), idempotencyKey, hash, tenant.id(),
                            json.writeValueAsString(view), now);
                }
                record(caller, tenant.id(), "tenant.created", "state: provisioning", now);
                events.publishEvent(new TenantStateChanged(tenant.id(), null, TenantState.PROVISIONING, now));
                return new Created(view, false);
            });
        } catch (DataIntegrityViolationException e) {
            // a concurrent request with the same Idempotency-Key won the race
            if (idempotencyKey == null) {
                throw e;
            }
            return replay(repository.idempotentResponse(caller.id(), idempotencyKey, keysSince)
                    .orElseThrow(() -> e), hash);
        }
    }

    Tenant get(Caller caller, TenantId id) {
        require(caller, Permission.TENANTS_READ, id);
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    /** A page of tenants after {@code afterSeq}; a tenant-bound caller sees only its own tenant. */
    List<TenantRepository.Row> list(Caller caller, long afterSeq, int limit) {
        require(caller, Permission.TENANTS_READ, caller.tenant());
        return repository.page(afterSeq, limit, caller.tenant());
    }

    List<TenantRepository.Transition> history(Caller caller, TenantId id) {
        require(caller, Permission.TENANTS_READ, id);
        if (repository.find(id).isEmpty()) {
            throw notFound(id);
        }
        return repository.transitions(id);
    }

    Tenant update(Caller caller, TenantId id, IfMatch ifMatch, TenantContract contract) {
        return tx.execute(status -> {
            require(caller, Permission.TENANTS_WRITE, id);
            if (ifMatch == null) {
                throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                        "Send If-Match with the ETag of the tenant you read, e.g. If-Match: \"1\".");
            }
            Tenant current = repository.find(id).orElseThrow(() -> notFound(id));
            if (!ifMatch.matches(current.version())) {
                throw preconditionFailed(current);
            }
            if (current.state() == TenantState.TERMINATED) {
                throw new ProblemException(TenancyProblems.TENANT_TERMINATED,
                        "Tenant " + id + " is terminated; its contract data is kept as it was at termination.");
            }
            List<String> changed = ChangedFields.between(current.contract(), contract);
            if (changed.isEmpty()) {
                return current;
            }
            Instant now = now();
            if (!repository.updateContract(id, current.version(), contract, now)) {
                throw preconditionFailed(current);
            }
            record(caller, id, "tenant.contract-updated", "changed: " + String.join(",", changed), now);
            accounts.setTenantMfaRequired(id, "strict".equals(contract.policyProfile()));
            return repository.find(id).orElseThrow();
        });
    }

    Tenant transition(Caller caller, TenantId id, TenantState to, String reason, IfMatch ifMatch) {
        return tx.execute(status -> {
            require(caller, Permission.TENANTS_WRITE, id);
            Tenant current = repository.find(id).orElseThrow(() -> notFound(id));
            if (ifMatch != null && !ifMatch.matches(current.version())) {
                throw preconditionFailed(current);
            }
            if (PersonalData.mentionedIn(reason, current.contract())) {
                throw new ProblemException(ProblemType.VALIDATION, "Some fields are not valid; see errors.",
                        Map.of("errors", List.of(Map.of("field", "reason", "message",
                                "must not contain personal data (names, e-mail addresses, phone numbers): "
                                        + "the reason is recorded in the tenant's ledger"))));
            }
            TenantState from = current.state();
            if (!from.canMoveTo(to)) {
                throw new ProblemException(TenancyProblems.ILLEGAL_TRANSITION,
                        "Tenant " + id + " is " + from.code() + " and cannot move to " + to.code() + ".",
                        Map.of("from", from.code(), "to", to.code(),
                                "allowed", from.next().stream().map(TenantState::code).toList()));
            }
            Instant now = now();
            if (!repository.updateState(id, current.version(), from, to, now)) {
                throw new ProblemException(TenancyProblems.CONCURRENT_CHANGE,
                        "Tenant " + id + " changed while this request was processed; read it and retry.");
            }
            repository.insertTransition(id,
                    new TenantRepository.Transition(from, to, caller.id(), caller.kind(), reason, now));
            record(caller, id, action(from, to), reason, now);
            if (to == TenantState.SUSPENDED || to == TenantState.TERMINATED) {
                // Contract suspended or ended: every user, key and session of the tenant stops with this change.
                accounts.endTenantAccess(caller, id, "tenant " + to.code());
            }
            events.publishEvent(new TenantStateChanged(id, from, to, now));
            return repository.find(id).orElseThrow();
        });
    }

    private Created replay(TenantRepository.IdempotentResponse earlier, String hash) {
        if (!MessageDigest.isEqual(earlier.requestHash().getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII))) {
            throw new ProblemException(TenancyProblems.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used for a different request; use a new key for a new tenant.");
        }
        return new Created(json.readValue(earlier.response(), TenantView.class), true);
    }

    private String requestHash(TenantContract contract) {
        byte[] digest = Rfc9162.newDigest().digest(json.writeValueAsBytes(contract));
        return HexFormat.of().formatHex(digest);
    }

    private static String action(TenantState from, TenantState to) {
        return switch (to) {
            case ACTIVE -> from == TenantState.SUSPENDED ? "tenant.reactivated" : "tenant.activated";
            case SUSPENDED -> "tenant.suspended";
            case TERMINATED -> "tenant.terminated";
            case PROVISIONING -> throw new IllegalArgumentException("no transition into provisioning");
        };
    }

    private void record(Caller caller, TenantId tenant, String action, String reason, Instant at) {
        LedgerEvent.Actor actor = caller.ledgerActor();
        ledger.obtain().record(new LedgerEvent(at, tenant, actor, action, "tenant/" + tenant.value(), "success",
                reason, null));
    }

    private void require(Caller caller, Permission permission, TenantId tenant) {
        decisionPoint.obtain().require(caller, permission, tenant);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException notFound(TenantId id) {
        return new ProblemException(ProblemType.NOT_FOUND, "There is no tenant " + id + ".");
    }

    private static ProblemException preconditionFailed(Tenant current) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED,
                "The tenant is at version " + current.version() + "; read it again and retry with its ETag.",
                Map.of("currentVersion", current.version()));
    }
}
