package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CustomRoles;
import eu.custodia.server.identity.RoleConflicts;
import eu.custodia.server.identity.RoleGuard;
import eu.custodia.server.identity.RoleRequest;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.password.PasswordCheck;
import eu.custodia.server.identity.internal.password.PasswordHasher;
import eu.custodia.server.identity.internal.password.PasswordPolicy;
import eu.custodia.server.identity.internal.totp.IssuedRecoveryCodes;
import eu.custodia.server.identity.internal.totp.OtpAuthUri;
import eu.custodia.server.identity.internal.totp.QrCodeSvg;
import eu.custodia.server.identity.internal.totp.RecoveryCodes;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.PlatformSettings;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Accounts} on tables {@code accounts}, {@code account_roles}, {@code account_passwords},
 * {@code account_totp}, {@code account_recovery_codes} and {@code account_invitations}; every change and its
 * ledger event in one transaction.
 */
@Service
final class JdbcAccounts implements Accounts {

    /** How long an invitation link works. */
    static final Duration INVITATION_VALIDITY = Duration.ofHours(72);
    /** Sign-in names: an e-mail address or a simple name, 3 to 254 characters, compared in lower case. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._+@-]{2,253}");
    private static final Pattern REASON = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,500}");
    /** A service account's name: 2 to 64 lower-case letters, digits and . _ -, starting with a letter or digit. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    private static final Pattern DESCRIPTION = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,200}");
    private static final String NO_ADMIN_ROLE_EN = "A service account can never hold an administrative role (%s):"
            + " administrative authority needs a person with a second factor.";
    private static final String NO_ADMIN_ROLE_IT = "Un account di servizio non può mai avere un ruolo amministrativo"
            + " (%s): l'autorità amministrativa richiede una persona con un secondo fattore.";
    /** Compared against when an invitation token is unknown, so every refusal takes the same path. */
    private static final String NO_SUCH_HASH = Secrets.sha256("no such invitation");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final IdentityEvents events;
    private final Clock clock;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Totp totp;
    private final RecoveryCodes recoveryCodes = new RecoveryCodes();

    JdbcAccounts(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, IdentityEvents events, Clock clock,
            PasswordPolicy policy, PasswordHasher hasher, PlatformSettings settings, RoleConflicts conflicts,
            ObjectProvider<RoleGuard> guards, ObjectProvider<CustomRoles> customRoles,
            @Value("${custodia.access.approvals.request-validity:7d}") Duration requestValidity) {
        if (requestValidity.isNegative() || requestValidity.isZero() || requestValidity.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("custodia.access.approvals.request-validity must be between 1 second"
                    + " and 30 days, not " + requestValidity);
        }
        this.requestValidity = requestValidity;
        this.guards = guards;
        this.customRoles = customRoles;
        this.settings = settings;
        this.conflicts = conflicts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.events = events;
        this.clock = clock;
        this.policy = policy;
        this.hasher = hasher;
        this.totp = Totp.withDefaults(clock);
    }

    /** The setting that names the first administrator until its TOTP enrolment gives it its role. */
    static final String FIRST_ADMINISTRATOR = "identity.first-administrator-pending";

    private final PlatformSettings settings;
    private final RoleConflicts conflicts;
    private final ObjectProvider<RoleGuard> guards;
    private final ObjectProvider<CustomRoles> customRoles;
    private final Duration requestValidity;

    /** The first guard's refusal of {@code role} for {@code account}, or empty. */
    private Optional<RoleGuard.Refusal> guardRefusal(Account account, String role, TenantId tenant) {
        return guards.orderedStream().map(g -> g.refuse(account, role, tenant)).flatMap(Optional::stream).findFirst();
    }

    /**
     * Marks the account made by the setup as the first administrator, in the setup's transaction: it receives
     * the platform-admin role when it confirms its TOTP enrolment (no administrative role without a factor).
     */
    void markFirstAdministrator(String accountId) {
        settings.put(FIRST_ADMINISTRATOR, accountId);
    }

    @Override
    public Invitation invite(Caller actor, String kind, TenantId tenant, String username) {
        String name = normalise(username);
        if (Account.STAFF.equals(kind) ? tenant != null : !Account.TENANT_USER.equals(kind) || tenant == null) {
            throw new ProblemException(ProblemType.VALIDATION, "kind must be 'staff' (no tenant) or 'tenant-user'"
                    + " (with a tenant).", Map.of("field", "kind"));
        }
        String token = "cus_inv-" + Secrets.random(160);
        Instant now = clock.instant();
        Instant expires = now.plus(INVITATION_VALIDITY);
        String id = "acc-" + Secrets.random(80);
        return tx.execute(status -> {
            if (jdbc.sql("SELECT count(*) FROM accounts WHERE username = ?").param(name).query(Long.class).single() > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "An account with this username already exists.",
                        Map.of("field", "username"));
            }
            jdbc.sql("INSERT INTO accounts (id, kind, tenant_id, username, state, created_at, state_changed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(id, kind, tenant == null ? null : tenant.value(), name, AccountState.INVITED.code(),
                            instants.bind(now), instants.bind(now)).update();
            jdbc.sql("INSERT INTO account_invitations (token_hash, account_id, expires_at) VALUES (?, ?, ?)")
                    .params(Secrets.sha256(token), id, instants.bind(expires)).update();
            events.account(actor, tenant, "account.invited", "account/" + id, "success",
                    "kind " + kind + ", invitation valid " + INVITATION_VALIDITY.toHours() + " h");
            return new Invitation(load(id).orElseThrow(), token, expires);
        });
    }

    @Override
    public Account createServiceAccount(Caller actor, TenantId tenant, String name, String description,
            Set<String> roles) {
        String serviceName = serviceName(name);
        String text = serviceDescription(description);
        Set<String> wanted = new TreeSet<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        if (roles != null) {
            wanted.addAll(roles);
        }
        for (String role : wanted) {
            checkRole(role, tenant);
        }
        Optional<String> administrative = wanted.stream().filter(Roles.ADMINISTRATIVE::contains).findFirst();
        if (administrative.isPresent()) {
            // Nothing is created; the refusal is ledgered and committed, then raised.
            tx.executeWithoutResult(status -> events.account(actor, tenant, "account.created",
                    tenant == null ? "platform" : "tenant/" + tenant.value(), "denied", "kind " + Account.SERVICE
                            + ", role " + administrative.get() + " refused: service accounts never hold"
                            + " administrative roles"));
            throw noAdministrativeRole(administrative.get());
        }
        // Segregation of duties among the roles asked for together (a record-only conflict is ledgered below).
        List<RoleConflicts.Conflict> found = new ArrayList<>();
        Set<String> earlier = new TreeSet<>();
        for (String role : wanted) {
            conflicts.conflict(earlier, role).ifPresent(found::add);
            earlier.add(role);
        }
        Optional<RoleConflicts.Conflict> refused = found.stream()
                .filter(c -> c.response() == RoleConflicts.Response.REFUSE).findFirst();
        if (refused.isPresent()) {
            tx.executeWithoutResult(status -> events.account(actor, tenant, "account.created",
                    tenant == null ? "platform" : "tenant/" + tenant.value(), "denied", "kind " + Account.SERVICE
                            + " refused: segregation of duties " + refused.get().pair()));
            throw sodConflict(refused.get());
        }
        Instant now = clock.instant();
        String id = "acc-" + Secrets.random(80);
        return tx.execute(status -> {
            if (jdbc.sql("SELECT count(*) FROM accounts WHERE kind = ? AND COALESCE(tenant_id, '') = ? AND name = ?")
                    .params(Account.SERVICE, tenant == null ? "" : tenant.value(), serviceName).query(Long.class)
                    .single() > 0) {
                throw BilingualProblem.field(ProblemType.CONFLICT, "name", "A service account with this name already"
                        + " exists " + (tenant == null ? "on the platform." : "in this tenant."), "Esiste già un"
                        + " account di servizio con questo nome " + (tenant == null ? "sulla piattaforma."
                        : "in questo tenant."));
            }
            jdbc.sql("INSERT INTO accounts (id, kind, tenant_id, name, description, state, created_at,"
                    + " state_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(id, Account.SERVICE, tenant == null ? null : tenant.value(), serviceName, text,
                            AccountState.ACTIVE.code(), instants.bind(now), instants.bind(now)).update();
            events.account(actor, tenant, "account.created", "account/" + id, "success", "kind " + Account.SERVICE
                    + ", no password, no second factor");
            // A role of a pair answered with 'approve' waits for a security officer; the others are granted.
            Map<String, RoleConflicts.Conflict> heldBack = found.stream()
                    .filter(c -> c.response() == RoleConflicts.Response.APPROVE)
                    .collect(Collectors.toMap(RoleConflicts.Conflict::wanted, c -> c, (x, y) -> x));
            for (String role : wanted) {
                if (!heldBack.containsKey(role)) {
                    insertRole(actor, id, tenant, role, tenant, now);
                }
            }
            for (RoleConflicts.Conflict recorded : found) {
                if (recorded.response() == RoleConflicts.Response.RECORD) {
                    events.account(actor, tenant, "access.sod-conflict-recorded", "account/" + id, "success",
                            "roles granted although segregation of duties " + recorded.pair()
                                    + " conflicts (configured to record only)");
                }
            }
            Account created = load(id).orElseThrow();
            heldBack.forEach((role, c) -> request(actor, created, role, tenant, RoleRequest.SEGREGATION_OF_DUTIES,
                    c.pair(), now));
            return created;
        });
    }

    /**
     * Creates an active account without an invitation, in the current transaction (the first
     * administrator at setup); returns its id.
     */
    String createActive(Caller actor, String kind, TenantId tenant, String username) {
        String name = normalise(username);
        Instant now = clock.instant();
        String id = "acc-" + Secrets.random(80);
        jdbc.sql("INSERT INTO accounts (id, kind, tenant_id, username, state, created_at, state_changed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(id, kind, tenant == null ? null : tenant.value(), name, AccountState.ACTIVE.code(),
                        instants.bind(now), instants.bind(now)).update();
        events.account(actor, tenant, "account.created", "account/" + id, "success", "kind " + kind);
        return id;
    }

    @Override
    public Account acceptInvitation(String token, String password) {
        String hash = token == null ? NO_SUCH_HASH : Secrets.sha256(token);
        Instant now = clock.instant();
        return tx.execute(status -> {
            Optional<String> accountId = jdbc.sql("SELECT account_id FROM account_invitations WHERE token_hash = ?"
                    + " AND expires_at > ?").params(hash, instants.bind(now)).query(String.class).optional();
            Account account = accountId.flatMap(this::load).filter(a -> a.state() == AccountState.INVITED)
                    .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHENTICATED,
                            "This invitation link is unknown, already used or expired; ask for a new one."));
            PasswordCheck check = policy.check(password == null ? "" : password, account.username(),
                    account.username().contains("@") ? account.username() : null);
            if (!check.accepted()) {
                throw new ProblemException(ProblemType.VALIDATION, String.join(" ", check.messages("en")),
                        Map.of("field", "password", "reasons", check.codes(), "messagesIt", check.messages("it")));
            }
            int consumed = jdbc.sql("DELETE FROM account_invitations WHERE token_hash = ?").param(hash).update();
            if (consumed != 1) {
                throw new ProblemException(ProblemType.UNAUTHENTICATED,
                        "This invitation link is unknown, already used or expired; ask for a new one.");
            }
            jdbc.sql("INSERT INTO account_passwords (account_id, hash, changed_at) VALUES (?, ?, ?)")
                    .params(account.id(), hasher.hash(password), instants.bind(now)).update();
            setState(account.id(), AccountState.ACTIVE, now);
            Caller self = IdentityEvents.self(account);
            events.account(self, account.tenant(), "account.activated", "account/" + account.id(), "success",
                    "invitation accepted, password set");
            return load(account.id()).orElseThrow();
        });
    }

    @Override
    public Optional<Account> find(String id) {
        return id == null ? Optional.empty() : load(id);
    }

    @Override
    public List<Account> list(TenantId tenant) {
        List<String> ids = tenant == null
                ? jdbc.sql("SELECT id FROM accounts WHERE tenant_id IS NULL ORDER BY created_at DESC, id")
                        .query(String.class).list()
                : jdbc.sql("SELECT id FROM accounts WHERE tenant_id = ? ORDER BY created_at DESC, id")
                        .param(tenant.value()).query(String.class).list();
        return ids.stream().map(id -> load(id).orElseThrow()).toList();
    }

    @Override
    public Account changeState(Caller actor, String id, AccountState to, String reason) {
        String why = reason(reason);
        Instant now = clock.instant();
        return tx.execute(status -> {
            Account account = existing(id);
            if (!account.state().mayBecome(to)) {
                throw new ProblemException(ProblemType.CONFLICT, "An account cannot go from " + account.state().code()
                        + " to " + to.code() + ".", Map.of("state", account.state().code()));
            }
            setState(id, to, now);
            int revoked = 0;
            if (to == AccountState.SUSPENDED || to == AccountState.DEPROVISIONED) {
                revoked = jdbc.sql("UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE owner_id = ?"
                        + " AND revoked_at IS NULL").params(instants.bind(now), actor.id(), id).update();
                jdbc.sql("DELETE FROM account_invitations WHERE account_id = ?").param(id).update();
                endSessions(id);
            }
            events.account(actor, account.tenant(), "account." + to.code(), "account/" + id, "success",
                    why + (revoked > 0 ? " (" + revoked + " API keys revoked)" : ""));
            return load(id).orElseThrow();
        });
    }

    @Override
    public void setTenantMfaRequired(TenantId tenant, boolean required) {
        tx.executeWithoutResult(status -> jdbc.sql("INSERT INTO tenant_mfa_policies (tenant_id, mfa_required)"
                + " VALUES (?, ?) ON CONFLICT (tenant_id) DO UPDATE SET mfa_required = excluded.mfa_required")
                .params(tenant.value(), required).update());
    }

    /** True when {@code tenant} requires a second factor of every user. */
    boolean tenantRequiresMfa(TenantId tenant) {
        return tenant != null && jdbc.sql("SELECT mfa_required FROM tenant_mfa_policies WHERE tenant_id = ?")
                .param(tenant.value()).query(Boolean.class).optional().orElse(false);
    }

    @Override
    public TenantAccessEnded endTenantAccess(Caller actor, TenantId tenant, String reason) {
        Instant now = clock.instant();
        return tx.execute(status -> {
            List<String> ids = jdbc.sql("SELECT id FROM accounts WHERE tenant_id = ? AND state = ?")
                    .params(tenant.value(), AccountState.ACTIVE.code()).query(String.class).list();
            long services = jdbc.sql("SELECT count(*) FROM accounts WHERE tenant_id = ? AND state = ? AND kind = ?")
                    .params(tenant.value(), AccountState.ACTIVE.code(), Account.SERVICE).query(Long.class).single();
            for (String id : ids) {
                setState(id, AccountState.SUSPENDED, now);
                endSessions(id);
            }
            int keys = jdbc.sql("UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE revoked_at IS NULL AND"
                    + " (tenant = ? OR owner_id IN (SELECT id FROM accounts WHERE tenant_id = ?))")
                    .params(instants.bind(now), actor.id(), tenant.value(), tenant.value()).update();
            events.account(actor, tenant, "tenant.access-ended", "tenant/" + tenant.value(), "success",
                    ids.size() + " accounts suspended (" + services + " of them service accounts), " + keys
                            + " API keys revoked: " + reason(reason));
            return new TenantAccessEnded(ids.size(), keys);
        });
    }

    @Override
    public RoleGrant grantRole(Caller actor, String id, String role, TenantId tenant) {
        checkRole(role, tenant);
        Granted granted = grantInTransaction(actor, id, role, tenant);
        if (granted.refusal() != null) {
            throw granted.refusal();
        }
        return granted.outcome();
    }

    /** The outcome of a grant, or the problem to raise once the ledgered refusal is committed. */
    private record Granted(RoleGrant outcome, ProblemException refusal) {

        static Granted refused(ProblemException refusal) {
            return new Granted(null, refusal);
        }
    }

    /**
     * Grants the role, or records the request that waits for approval, or ledgers the refusal and returns its
     * problem.
     */
    private Granted grantInTransaction(Caller actor, String id, String role, TenantId tenant) {
        Instant now = clock.instant();
        return tx.execute(status -> {
            Account account = existing(id);
            if (account.state() == AccountState.DEPROVISIONED) {
                throw new ProblemException(ProblemType.CONFLICT, "A deprovisioned account cannot be given roles.");
            }
            if (account.service() && !Objects.equals(account.tenant(), tenant)) {
                throw BilingualProblem.field(ProblemType.VALIDATION, "tenant", "A service account holds roles only on"
                        + " its own tenant (a platform service account: only on the platform).", "Un account di"
                        + " servizio ha ruoli solo sul proprio tenant (un account di servizio della piattaforma: solo"
                        + " sulla piattaforma).");
            }
            if (account.tenant() != null && !account.tenant().equals(tenant)) {
                throw new ProblemException(ProblemType.VALIDATION, "A tenant's user can only hold roles on its own"
                        + " tenant.", Map.of("field", "tenant"));
            }
            if (account.tenant() == null && !account.service() && tenant != null) {
                throw BilingualProblem.field(ProblemType.VALIDATION, "tenant", "Staff hold no role on a tenant: work on"
                        + " a tenant's data goes through a time-boxed access grant.", "Il personale non ha ruoli su un"
                        + " tenant: il lavoro sui dati di un tenant passa per un'autorizzazione temporanea.");
            }
            Set<String> held = account.roles().stream().map(Account.RoleAssignment::role).collect(Collectors.toSet());
            if (held.contains(role)) {
                return new Granted(new RoleGrant(account, null), null);
            }
            Optional<RoleConflicts.Conflict> conflict = conflicts.conflict(held, role);
            ProblemException refusal = refusal(actor, account, role, tenant, conflict);
            if (refusal != null) {
                return Granted.refused(refusal);
            }
            if (conflict.isPresent() && conflict.get().response() == RoleConflicts.Response.APPROVE) {
                return new Granted(new RoleGrant(account, request(actor, account, role, tenant,
                        RoleRequest.SEGREGATION_OF_DUTIES, conflict.get().pair(), now)), null);
            }
            if (Account.STAFF.equals(account.kind()) && !actor.system()) {
                if (!bootstrapSecurityOfficer(actor, account, role)) {
                    return new Granted(new RoleGrant(account, request(actor, account, role, tenant,
                            RoleRequest.TWO_PERSON_RULE, null, now)), null);
                }
                insertRole(actor, id, account.tenant(), role, tenant, now, "bootstrap: the first security officer,"
                        + " made by a platform administrator while none exists");
            } else {
                insertRole(actor, id, account.tenant(), role, tenant, now, null);
            }
            conflict.ifPresent(c -> recordConflict(actor, account, role, c));
            return new Granted(new RoleGrant(load(id).orElseThrow(), null), null);
        });
    }

    /**
     * The refusals a grant meets whoever asks, at request and again at approval: ledgered here (committed with
     * the surrounding transaction), returned to be raised after the commit. Null when there is none.
     */
    private ProblemException refusal(Caller actor, Account account, String role, TenantId tenant,
            Optional<RoleConflicts.Conflict> conflict) {
        String target = "account/" + account.id();
        if (account.service() && Roles.ADMINISTRATIVE.contains(role)) {
            events.account(actor, account.tenant(), "account.role-granted", target, "denied",
                    "role " + role + " refused: service accounts never hold administrative roles");
            return noAdministrativeRole(role);
        }
        if (Roles.ADMINISTRATIVE.contains(role) && !account.mfaEnrolled()) {
            events.account(actor, account.tenant(), "account.role-granted", target, "denied",
                    "role " + role + " refused: no second factor enrolled");
            return new ProblemException(ProblemType.MFA_NOT_ENROLLED, "The account must enrol a second factor (TOTP"
                    + " or a passkey) before it can be given the administrative role " + role + ".",
                    Map.of("role", role));
        }
        Optional<RoleGuard.Refusal> guarded = guardRefusal(account, role, tenant);
        if (guarded.isPresent()) {
            events.account(actor, account.tenant(), "account.role-granted", target, "denied",
                    "role " + role + " refused by rule " + guarded.get().rule());
            return guarded.get().problem();
        }
        if (conflict.isPresent() && conflict.get().response() == RoleConflicts.Response.REFUSE) {
            events.account(actor, account.tenant(), "account.role-granted", target, "denied",
                    "role " + role + " refused: segregation of duties " + conflict.get().pair());
            return sodConflict(conflict.get());
        }
        return null;
    }

    private void recordConflict(Caller actor, Account account, String role, RoleConflicts.Conflict conflict) {
        events.account(actor, account.tenant(), "access.sod-conflict-recorded", "account/" + account.id(), "success",
                "role " + role + " granted although segregation of duties " + conflict.pair() + " conflicts ("
                        + (conflict.response() == RoleConflicts.Response.APPROVE ? "approved by a security officer"
                                : "configured to record only") + ")");
    }

    /**
     * True when this grant is the bootstrap of approvals: a platform administrator making another staff member
     * security officer while no active staff account is one.
     */
    private boolean bootstrapSecurityOfficer(Caller actor, Account account, String role) {
        return Roles.SECURITY_OFFICER.equals(role) && actor.hasRole(Roles.PLATFORM_ADMIN)
                && !account.id().equals(actor.principal())
                && jdbc.sql("SELECT count(*) FROM account_roles r JOIN accounts a ON a.id = r.account_id"
                        + " WHERE r.role = ? AND a.kind = ? AND a.state = ?")
                        .params(Roles.SECURITY_OFFICER, Account.STAFF, AccountState.ACTIVE.code())
                        .query(Long.class).single() == 0;
    }

    /** Records a request for approval (replacing an expired pending one), ledgered with its cause. */
    private RoleRequest request(Caller actor, Account account, String role, TenantId tenant, String cause,
            String pair, Instant now) {
        String scope = tenant == null ? "" : tenant.value();
        jdbc.sql("UPDATE role_requests SET state = ? WHERE account_id = ? AND role = ? AND tenant_id = ? AND state = ?"
                + " AND expires_at <= ?").params(RoleRequest.EXPIRED, account.id(), role, scope, RoleRequest.PENDING,
                instants.bind(now)).update();
        Optional<RoleRequest> open = jdbc.sql(REQUEST_COLUMNS + " WHERE account_id = ? AND role = ? AND tenant_id = ?"
                + " AND state = ?").params(account.id(), role, scope, RoleRequest.PENDING).query(this::readRequest).optional();
        if (open.isPresent()) {
            return open.get();
        }
        String id = "rrq-" + Secrets.random(80);
        jdbc.sql("INSERT INTO role_requests (id, account_id, role, tenant_id, cause, sod_pair, requested_by,"
                + " requested_at, expires_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, account.id(), role, scope, cause, pair, actor.principal(), instants.bind(now),
                        instants.bind(now.plus(requestValidity)), RoleRequest.PENDING).update();
        events.account(actor, account.tenant(), "account.role-requested", "account/" + account.id(), "success",
                "role " + role + (tenant == null ? " on the platform" : " on tenant " + tenant.value())
                        + " awaits a security officer's approval (" + (pair == null ? cause : cause + " " + pair)
                        + "), request " + id);
        return findRequest(id).orElseThrow();
    }

    private static final String REQUEST_COLUMNS = "SELECT id, account_id, role, tenant_id, cause, sod_pair,"
            + " requested_by, requested_at, expires_at, state, decided_by, decided_at FROM role_requests";

    private RoleRequest readRequest(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        String state = rs.getString("state");
        Instant expires = instants.read(rs, "expires_at");
        if (RoleRequest.PENDING.equals(state) && !expires.isAfter(clock.instant())) {
            state = RoleRequest.EXPIRED;
        }
        String tenant = rs.getString("tenant_id");
        return new RoleRequest(rs.getString("id"), rs.getString("account_id"), rs.getString("role"),
                tenant.isEmpty() ? null : new TenantId(tenant), rs.getString("cause"), rs.getString("sod_pair"),
                rs.getString("requested_by"), instants.read(rs, "requested_at"), expires, state,
                rs.getString("decided_by"), rs.getString("decided_at") == null ? null : instants.read(rs, "decided_at"));
    }

    Optional<RoleRequest> findRequest(String id) {
        return jdbc.sql(REQUEST_COLUMNS + " WHERE id = ?").param(id).query(this::readRequest).optional();
    }

    List<RoleRequest> listRequests(String state, int limit) {
        int bounded = Math.max(1, Math.min(limit, 500));
        if (state == null) {
            return jdbc.sql(REQUEST_COLUMNS + " ORDER BY requested_at DESC, id LIMIT ?").param(bounded)
                    .query(this::readRequest).list();
        }
        // Expiry is computed: a stored 'pending' past its expiry reads as 'expired'.
        Object now = instants.bind(clock.instant());
        String order = " ORDER BY requested_at DESC, id LIMIT ?";
        return switch (state) {
            case RoleRequest.PENDING -> jdbc.sql(REQUEST_COLUMNS + " WHERE state = ? AND expires_at > ?" + order)
                    .params(RoleRequest.PENDING, now, bounded).query(this::readRequest).list();
            case RoleRequest.EXPIRED -> jdbc.sql(REQUEST_COLUMNS + " WHERE state = ? OR (state = ? AND expires_at <= ?)"
                    + order).params(RoleRequest.EXPIRED, RoleRequest.PENDING, now, bounded).query(this::readRequest)
                    .list();
            default -> jdbc.sql(REQUEST_COLUMNS + " WHERE state = ?" + order).params(state, bounded)
                    .query(this::readRequest).list();
        };
    }

    RoleGrant approveRequest(Caller approver, String requestId) {
        Decided decided = decideInTransaction(approver, requestId, true, null);
        if (decided.refusal() != null) {
            throw decided.refusal();
        }
        return decided.grant();
    }

    RoleRequest rejectRequest(Caller approver, String requestId, String reason) {
        reason(reason);
        Decided decided = decideInTransaction(approver, requestId, false, reason);
        if (decided.refusal() != null) {
            throw decided.refusal();
        }
        return findRequest(requestId).orElseThrow();
    }

    private record Decided(RoleGrant grant, ProblemException refusal) {
    }

    private Decided decideInTransaction(Caller approver, String requestId, boolean approve, String reason) {
        Instant now = clock.instant();
        return tx.execute(status -> {
            RoleRequest request = findRequest(requestId).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "No role request " + requestId + "."));
            Account account = existing(request.account());
            String target = "role-request/" + request.id();
            String rule = approver.principal().equals(request.account()) ? "own-role-approval"
                    : approver.principal().equals(request.requestedBy()) ? "requester-is-approver" : null;
            if (rule != null) {
                events.account(approver, account.tenant(), "access.self-approval-refused", target, "denied",
                        "rule " + rule + ": " + (approve ? "approval" : "rejection") + " of role " + request.role()
                                + " for account/" + account.id());
                return new Decided(null, selfApproval(rule));
            }
            if (!RoleRequest.PENDING.equals(request.state())) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "The request is " + request.state()
                        + " and can no longer be decided." + (RoleRequest.EXPIRED.equals(request.state())
                                ? " Grant the role again to open a new request." : ""), "La richiesta è "
                        + italianState(request.state()) + " e non può più essere decisa."
                        + (RoleRequest.EXPIRED.equals(request.state()) ? " Assegnare di nuovo il ruolo per aprire"
                                + " una nuova richiesta." : ""), Map.of("state", request.state()));
            }
            if (!approve) {
                jdbc.sql("UPDATE role_requests SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ?"
                        + " WHERE id = ? AND state = ?").params(RoleRequest.REJECTED, approver.principal(),
                        instants.bind(now), reason(reason), requestId, RoleRequest.PENDING).update();
                events.account(approver, account.tenant(), "account.role-request-rejected", target, "success",
                        "role " + request.role() + " for account/" + account.id() + " rejected");
                return new Decided(null, null);
            }
            if (account.state() != AccountState.ACTIVE && account.state() != AccountState.INVITED) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "The account is " + account.state().code()
                        + ": a role cannot be activated on it.", "L'account è " + account.state().code()
                        + ": non è possibile attivarvi un ruolo.", Map.of("state", account.state().code()));
            }
            Set<String> held = account.roles().stream().map(Account.RoleAssignment::role).collect(Collectors.toSet());
            // Everything a grant checks, checked again now: the moment the role becomes active.
            boolean alreadyHeld = held.contains(request.role());
            Optional<RoleConflicts.Conflict> conflict = alreadyHeld ? Optional.empty()
                    : conflicts.conflict(held, request.role());
            ProblemException refusal = alreadyHeld ? null
                    : refusal(approver, account, request.role(), request.tenant(), conflict);
            if (refusal != null) {
                events.account(approver, account.tenant(), "account.role-request-approved", target, "denied",
                        "role " + request.role() + " for account/" + account.id() + " not activated: its checks"
                                + " failed at approval");
                return new Decided(null, refusal);
            }
            int updated = jdbc.sql("UPDATE role_requests SET state = ?, decided_by = ?, decided_at = ?"
                    + " WHERE id = ? AND state = ?").params(RoleRequest.APPROVED, approver.principal(),
                    instants.bind(now), requestId, RoleRequest.PENDING).update();
            if (updated != 1) {
                throw new ProblemException(ProblemType.CONFLICT, "The request was decided meanwhile.");
            }
            events.account(approver, account.tenant(), "account.role-request-approved", target, "success",
                    "role " + request.role() + " for account/" + account.id() + ", requested by "
                            + request.requestedBy() + " (" + request.cause() + ")");
            insertRole(approver, account.id(), account.tenant(), request.role(), request.tenant(), now,
                    "approved request " + request.id());
            conflict.ifPresent(c -> recordConflict(approver, account, request.role(), c));
            return new Decided(new RoleGrant(load(account.id()).orElseThrow(), null), null);
        });
    }

    private static String italianState(String state) {
        return switch (state) {
            case RoleRequest.APPROVED -> "approvata";
            case RoleRequest.REJECTED -> "respinta";
            case RoleRequest.EXPIRED -> "scaduta";
            default -> state;
        };
    }

    private static ProblemException selfApproval(String rule) {
        return "own-role-approval".equals(rule)
                ? BilingualProblem.of(ProblemType.SELF_APPROVAL, "Nobody approves a role for their own account:"
                        + " another security officer must decide this request.", "Nessuno approva un ruolo per il"
                        + " proprio account: un altro responsabile della sicurezza deve decidere questa richiesta.",
                        Map.of("rule", rule))
                : BilingualProblem.of(ProblemType.SELF_APPROVAL, "Nobody approves a request they made: another"
                        + " security officer must decide it.", "Nessuno approva una richiesta fatta da sé: un altro"
                        + " responsabile della sicurezza deve deciderla.", Map.of("rule", rule));
    }

    /** Grants a role in the current transaction, ledgered in the log of the account's tenant, if new. */
    private void insertRole(Caller actor, String id, TenantId accountTenant, String role, TenantId tenant,
            Instant now) {
        insertRole(actor, id, accountTenant, role, tenant, now, null);
    }

    /** As {@link #insertRole(Caller, String, TenantId, String, TenantId, Instant)}, with a note for the ledger. */
    private void insertRole(Caller actor, String id, TenantId accountTenant, String role, TenantId tenant,
            Instant now, String note) {
        int added = jdbc.sql("INSERT INTO account_roles (account_id, role, tenant_id, granted_at, granted_by)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, role, tenant_id) DO NOTHING")
                .params(id, role, tenant == null ? "" : tenant.value(), instants.bind(now), actor.id()).update();
        if (added == 1) {
            events.account(actor, accountTenant, "account.role-granted", "account/" + id, "success",
                    "role " + role + (tenant == null ? " on the platform" : " on tenant " + tenant.value())
                            + (note == null ? "" : ": " + note));
        }
    }

    private static ProblemException sodConflict(RoleConflicts.Conflict conflict) {
        return BilingualProblem.of(ProblemType.SOD_CONFLICT, "Segregation of duties: one person may not hold both "
                + conflict.held() + " and " + conflict.wanted() + ". Revoke " + conflict.held() + " first, or give "
                + conflict.wanted() + " to someone else.", "Separazione dei compiti: una persona non può avere sia "
                + conflict.held() + " sia " + conflict.wanted() + ". Revocare prima " + conflict.held()
                + ", oppure assegnare " + conflict.wanted() + " a un'altra persona.",
                Map.of("held", conflict.held(), "wanted", conflict.wanted(), "rule", "segregation-of-duties"));
    }

    private static ProblemException noAdministrativeRole(String role) {
        return BilingualProblem.of(ProblemType.SERVICE_ACCOUNT_ADMIN_ROLE, String.format(Locale.ROOT,
                NO_ADMIN_ROLE_EN, role), String.format(Locale.ROOT, NO_ADMIN_ROLE_IT, role), Map.of("role", role));
    }

    @Override
    public Account revokeRole(Caller actor, String id, String role, TenantId tenant) {
        return tx.execute(status -> {
            Account account = existing(id);
            int removed = jdbc.sql("DELETE FROM account_roles WHERE account_id = ? AND role = ? AND tenant_id = ?")
                    .params(id, role, tenant == null ? "" : tenant.value()).update();
            // A suspended role is revoked too: it must not come back when the suspension ends.
            removed += jdbc.sql("DELETE FROM account_role_suspensions WHERE account_id = ? AND role = ?"
                    + " AND tenant_id = ?").params(id, role, tenant == null ? "" : tenant.value()).update();
            if (removed >= 1) {
                events.account(actor, account.tenant(), "account.role-revoked", "account/" + id, "success",
                        "role " + role + (tenant == null ? " on the platform" : " on tenant " + tenant.value()));
            }
            return load(id).orElseThrow();
        });
    }

    @Override
    public TotpEnrolment startTotp(Caller self) {
        Account account = activeOwner(self);
        TotpSecret secret = TotpSecret.generate();
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            Optional<Boolean> confirmed = jdbc.sql("SELECT confirmed_at IS NOT NULL FROM account_totp WHERE account_id = ?")
                    .param(account.id()).query(Boolean.class).optional();
            if (confirmed.orElse(false)) {
                throw new ProblemException(ProblemType.CONFLICT, "TOTP is already enrolled; remove it before"
                        + " enrolling a new authenticator.");
            }
            jdbc.sql("DELETE FROM account_totp WHERE account_id = ?").param(account.id()).update();
            jdbc.sql("INSERT INTO account_totp (account_id, secret, last_step, created_at) VALUES (?, ?, ?, ?)")
                    .params(account.id(), secret.toBase32(), Totp.NEVER_CONSUMED, instants.bind(now)).update();
            events.account(self, account.tenant(), "account.totp-enrolment-started", "account/" + account.id(),
                    "success", null);
        });
        OtpAuthUri uri = OtpAuthUri.of(account.username(), secret);
        return new TotpEnrolment(secret.toBase32(), uri.uri(), QrCodeSvg.of(uri));
    }

    @Override
    public List<String> confirmTotp(Caller self, String code) {
        Account account = activeOwner(self);
        Instant now = clock.instant();
        List<String> codes = tx.execute(status -> {
            Optional<String> secret = jdbc.sql("SELECT secret FROM account_totp WHERE account_id = ?"
                    + " AND confirmed_at IS NULL").param(account.id()).query(String.class).optional();
            if (secret.isEmpty()) {
                throw new ProblemException(ProblemType.CONFLICT, "There is no pending TOTP enrolment; start one"
                        + " first.");
            }
            if (!consumeTotp(account.id(), TotpSecret.fromBase32(secret.get()), code)) {
                events.account(self, account.tenant(), "account.totp-enrolled", "account/" + account.id(),
                        "failure", "wrong or reused code");
                return null;
            }
            jdbc.sql("UPDATE account_totp SET confirmed_at = ? WHERE account_id = ?")
                    .params(instants.bind(now), account.id()).update();
            IssuedRecoveryCodes issued = recoveryCodes.issue();
            jdbc.sql("DELETE FROM account_recovery_codes WHERE account_id = ?").param(account.id()).update();
            for (int i = 0; i < issued.hashes().size(); i++) {
                jdbc.sql("INSERT INTO account_recovery_codes (account_id, idx, hash) VALUES (?, ?, ?)")
                        .params(account.id(), i, issued.hashes().get(i)).update();
            }
            events.account(self, account.tenant(), "account.totp-enrolled", "account/" + account.id(), "success",
                    issued.codes().size() + " recovery codes issued");
            if (settings.get(FIRST_ADMINISTRATOR).filter(account.id()::equals).isPresent()) {
                // The setup's first administrator: now that it has a factor, it becomes one (once).
                settings.put(FIRST_ADMINISTRATOR, "");
                insertRole(SetupTokens.SETUP, account.id(), null, Roles.PLATFORM_ADMIN, null, now);
            }
            return issued.codes();
        });
        if (codes == null) {
            // Raised after the commit, so that the ledgered failure stays.
            throw new ProblemException(ProblemType.VALIDATION, "The code is wrong or was already used; enter the"
                    + " current code from the authenticator app.", Map.of("field", "code"));
        }
        return codes;
    }

    @Override
    public Account removeTotp(Caller actor, String id) {
        Account result = tx.execute(status -> {
            Account account = existing(id);
            boolean admin = account.roles().stream().anyMatch(r -> Roles.ADMINISTRATIVE.contains(r.role()));
            List<String> others = account.secondFactors().stream().filter(f -> !f.equals(VerifiedFactor.TOTP)).toList();
            if (admin && others.isEmpty() && account.secondFactors().contains(VerifiedFactor.TOTP)) {
                events.account(actor, account.tenant(), "account.totp-removed", "account/" + id, "denied",
                        "last second factor of an administrator");
                return null;
            }
            int removed = jdbc.sql("DELETE FROM account_totp WHERE account_id = ?").param(id).update();
            jdbc.sql("DELETE FROM account_recovery_codes WHERE account_id = ?").param(id).update();
            if (removed == 1) {
                events.account(actor, account.tenant(), "account.totp-removed", "account/" + id, "success", null);
            }
            return load(id).orElseThrow();
        });
        if (result == null) {
            // Raised after the commit, so that the ledgered refusal stays.
            throw new ProblemException(ProblemType.CONFLICT, "This is the last second factor of an account with an"
                    + " administrative role: enrol another one (or revoke the role) first.");
        }
        return result;
    }

    @Override
    public Optional<VerifiedFactor> verifySecondFactor(String accountId, String code) {
        if (accountId == null || code == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tx.execute(status -> {
            Optional<Account> account = load(accountId).filter(a -> a.state() == AccountState.ACTIVE);
            if (account.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> secret = jdbc.sql("SELECT secret FROM account_totp WHERE account_id = ?"
                    + " AND confirmed_at IS NOT NULL").param(accountId).query(String.class).optional();
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            if (consumeTotp(accountId, TotpSecret.fromBase32(secret.get()), code)) {
                return Optional.of(new VerifiedFactor(VerifiedFactor.TOTP, now));
            }
            List<Object[]> codes = jdbc.sql("SELECT idx, hash FROM account_recovery_codes WHERE account_id = ?"
                    + " AND used_at IS NULL ORDER BY idx").param(accountId)
                    .query((rs, n) -> new Object[] {rs.getInt(1), rs.getString(2)}).list();
            OptionalInt match = RecoveryCodes.verify(code, codes.stream().map(c -> (String) c[1]).toList());
            if (match.isPresent()) {
                int idx = (Integer) codes.get(match.getAsInt())[0];
                int used = jdbc.sql("UPDATE account_recovery_codes SET used_at = ? WHERE account_id = ? AND idx = ?"
                        + " AND used_at IS NULL").params(instants.bind(now), accountId, idx).update();
                if (used == 1) {
                    events.account(IdentityEvents.self(account.get()), account.get().tenant(), "account.recovery-code-used",
                            "account/" + accountId, "success", (codes.size() - 1) + " recovery codes left");
                    return Optional.of(new VerifiedFactor(VerifiedFactor.RECOVERY_CODE, now));
                }
            }
            return Optional.empty();
        });
    }

    /**
     * Verifies a TOTP code and consumes its time step in one conditional update: of two requests with the
     * same code, exactly one changes the row, so a code is accepted at most once (RFC 6238 §5.2).
     */
    private boolean consumeTotp(String accountId, TotpSecret secret, String code) {
        long last = jdbc.sql("SELECT last_step FROM account_totp WHERE account_id = ?").param(accountId)
                .query(Long.class).single();
        OptionalLong step = totp.verify(secret, code, last);
        if (step.isEmpty()) {
            return false;
        }
        return jdbc.sql("UPDATE account_totp SET last_step = ? WHERE account_id = ? AND last_step < ?")
                .params(step.getAsLong(), accountId, step.getAsLong()).update() == 1;
    }

    private Account activeOwner(Caller self) {
        String id = self.owner();
        Account account = id == null ? null : load(id).orElse(null);
        if (account == null || account.state() != AccountState.ACTIVE) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only an active account can manage its own second"
                    + " factors; this credential belongs to no account.");
        }
        if (account.service()) {
            throw noSecondFactor();
        }
        return account;
    }

    /** The refusal a service account gets when it tries to manage second factors. */
    static ProblemException noSecondFactor() {
        return BilingualProblem.of(ProblemType.FORBIDDEN, "A service account has no second factor and does not sign"
                + " in: it acts only through the API keys its administrators issue.", "Un account di servizio non ha"
                + " un secondo fattore e non accede con una password: agisce solo con le chiavi API emesse dai suoi"
                + " amministratori.");
    }

    private Account existing(String id) {
        return load(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No account " + id + "."));
    }

    /**
     * Ends every session of the account with the current transaction: its next request finds none. (A
     * non-active account has none: suspension and deprovisioning end them, an invitee cannot sign in.)
     */
    private void endSessions(String accountId) {
        jdbc.sql("DELETE FROM SPRING_SESSION_ATTRIBUTES WHERE SESSION_PRIMARY_ID IN"
                + " (SELECT PRIMARY_ID FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?)").param(accountId).update();
        jdbc.sql("DELETE FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?").param(accountId).update();
    }

    private void setState(String id, AccountState state, Instant now) {
        jdbc.sql("UPDATE accounts SET state = ?, state_changed_at = ? WHERE id = ?")
                .params(state.code(), instants.bind(now), id).update();
    }

    private Optional<Account> load(String id) {
        return jdbc.sql("SELECT id, kind, tenant_id, username, name, description, state, created_at,"
                + " state_changed_at FROM accounts WHERE id = ?").param(id).query((rs, n) -> {
                    String tenant = rs.getString("tenant_id");
                    return new Account(rs.getString("id"), rs.getString("kind"),
                            tenant == null ? null : new TenantId(tenant), rs.getString("username"),
                            rs.getString("name"), rs.getString("description"),
                            AccountState.ofCode(rs.getString("state")), List.of(), List.of(),
                            instants.read(rs, "created_at"), instants.read(rs, "state_changed_at"));
                }).optional().map(a -> {
                    List<Account.RoleAssignment> roles = jdbc.sql("SELECT role, tenant_id FROM account_roles"
                            + " WHERE account_id = ? ORDER BY role, tenant_id").param(a.id())
                            .query((rs, n) -> new Account.RoleAssignment(rs.getString(1),
                                    rs.getString(2).isEmpty() ? null : new TenantId(rs.getString(2)))).list();
                    List<String> factors = new ArrayList<>();
                    if (jdbc.sql("SELECT count(*) FROM account_totp WHERE account_id = ? AND confirmed_at IS NOT NULL")
                            .param(a.id()).query(Long.class).single() > 0) {
                        factors.add(VerifiedFactor.TOTP);
                    }
                    // Passkeys: Spring Security's tables, whose user entity is named by the account id.
                    if (jdbc.sql("SELECT count(*) FROM user_credentials c JOIN user_entities u"
                            + " ON u.id = c.user_entity_user_id WHERE u.name = ?")
                            .param(a.id()).query(Long.class).single() > 0) {
                        factors.add(VerifiedFactor.WEBAUTHN);
                    }
                    return new Account(a.id(), a.kind(), a.tenant(), a.username(), a.name(), a.description(),
                            a.state(), roles, factors, a.createdAt(), a.stateChangedAt());
                });
    }


    private static String normalise(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "username must be 3-254 characters: letters, digits"
                    + " and . _ + @ -, starting with a letter or digit.", Map.of("field", "username"));
        }
        return name;
    }

    private static String serviceName(String name) {
        String text = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!SERVICE_NAME.matcher(text).matches()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "name", "name must be 2-64 characters: letters,"
                    + " digits and . _ -, starting with a letter or digit (e.g. billing-sync); no personal data.",
                    "name deve avere da 2 a 64 caratteri: lettere, cifre e . _ -, iniziando con una lettera o una"
                    + " cifra (per esempio billing-sync); nessun dato personale.");
        }
        return text;
    }

    private static String serviceDescription(String description) {
        if (description == null || description.isBlank() || !DESCRIPTION.matcher(description).matches()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "description", "description is required: what the"
                    + " service account is for, 1-200 printable characters, no personal data.", "description è"
                    + " obbligatoria: a cosa serve l'account di servizio, da 1 a 200 caratteri stampabili, nessun dato"
                    + " personale.");
        }
        return description.strip();
    }

    private static String reason(String reason) {
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "reason is required: 1-500 printable characters,"
                    + " no personal data.", Map.of("field", "reason"));
        }
        return reason;
    }

    private void checkRole(String role, TenantId tenant) {
        if (CustomRoles.isCustom(role)) {
            CustomRoles defined = customRoles.getIfAvailable();
            if (tenant == null || defined == null || !defined.defined(tenant, role)) {
                throw BilingualProblem.field(ProblemType.VALIDATION, "role", "Role " + role + " is not defined"
                        + (tenant == null ? ": a tenant's own role needs that tenant." : " on tenant " + tenant
                                + ": define it first under /api/v1/tenants/" + tenant + "/roles."), "Il ruolo " + role
                        + " non è definito" + (tenant == null ? ": un ruolo proprio di un tenant richiede quel tenant."
                                : " sul tenant " + tenant + ": definirlo prima in /api/v1/tenants/" + tenant + "/roles."));
            }
            return;
        }
        if (role == null || !Roles.ALL.contains(role)) {
            throw new ProblemException(ProblemType.VALIDATION, "Unknown role " + role + "; known roles: "
                    + String.join(", ", new java.util.TreeSet<>(Roles.ALL)) + ", or a tenant's own custom:<name>.",
                    Map.of("field", "role"));
        }
        if (Roles.TENANT_BOUND.contains(role) != (tenant != null)) {
            throw new ProblemException(ProblemType.VALIDATION, "Role " + role + (tenant == null
                    ? " must be bound to a tenant." : " is platform-wide: give no tenant."), Map.of("field", "tenant"));
        }
    }
}
