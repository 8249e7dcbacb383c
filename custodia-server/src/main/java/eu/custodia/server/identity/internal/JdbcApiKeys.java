package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.KeySpec;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.ScopeCatalogue;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ApiKeys} on the {@code api_keys} table; every change and its ledger event in one transaction. A key
 * of a service account is ledgered in that account's log (its tenant's, or the platform's); every other key
 * in the platform log.
 */
@Service
final class JdbcApiKeys implements ApiKeys {

    /** Last use is recorded at most this often per key, so authentication is not a write per request. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final Pattern DESCRIPTION = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,200}");
    /** Compared against when the key id is unknown, so both failures take the same time. */
    private static final String NO_SUCH_HASH = Secrets.sha256("no such key");
    /** What a scope looks like; anything else is not repeated back in a problem. */
    private static final Pattern SCOPE_TEXT = Pattern.compile("[a-z][a-z0-9._-]{0,30}:[a-z][a-z0-9._-]{0,30}");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final IdentityEvents events;
    private final Clock clock;
    private final Duration stepUpWindow;
    private final ScopeCatalogue catalogue;
    private final Accounts accounts;
    private final KeyLookup lookup;
    private final boolean postgres;

    /** PostgreSQL advisory-lock key that serialises revocations of platform-administrator keys. */
    static final long ADMIN_KEYS_LOCK = 0x4355_5354_4B45_5931L;

    JdbcApiKeys(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, IdentityEvents events, Clock clock,
            @Value("${custodia.identity.step-up-window:PT10M}") Duration stepUpWindow, ScopeCatalogue catalogue,
            Accounts accounts, DataSource dataSource, CustodiaProperties properties) {
        this.lookup = new KeyLookup(dataSource, jdbc, properties.db().embedded(), AUTHENTICATE);
        this.postgres = !properties.db().embedded();
        this.stepUpWindow = stepUpWindow;
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.events = events;
        this.clock = clock;
        this.catalogue = catalogue;
        this.accounts = accounts;
    }

    @Override
    public IssuedKey create(Caller actor, KeySpec spec) {
        Duration validity = validate(spec);
        requireTenantsOwnIssuer(actor, spec.tenant());
        // A key remembers whether its owner had just verified a second factor when creating it: only then
        // can it carry administrative roles (and only while the owner keeps one enrolled).
        return tx.execute(status -> insert(actor, actor.owner(), null, spec, validity,
                actor.owner() != null && actor.hasFreshSecondFactor(clock.instant(), stepUpWindow)));
    }

    @Override
    public IssuedKey createForServiceAccount(Caller actor, String serviceAccountId, KeySpec spec) {
        Duration validity = validate(spec);
        // Checked (and a refusal ledgered) before the key's transaction, which a refusal would roll back.
        accounts.find(serviceAccountId).ifPresent(a -> requireTenantsOwnIssuer(actor, a.tenant()));
        return tx.execute(status -> {
            Account account = accounts.find(serviceAccountId).orElseThrow(() -> BilingualProblem.of(
                    ProblemType.NOT_FOUND, "No account " + serviceAccountId + ".",
                    "Nessun account " + serviceAccountId + "."));
            if (!Account.SERVICE.equals(account.kind())) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "Keys are issued on behalf of service accounts only;"
                        + " a person creates its own keys (POST /api/v1/keys).", "Si emettono chiavi per conto dei"
                        + " soli account di servizio; una persona crea le proprie chiavi (POST /api/v1/keys).");
            }
            if (account.state() != AccountState.ACTIVE) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "Service account " + account.id() + " is "
                        + account.state().code() + ": only an active service account gets keys.",
                        "L'account di servizio " + account.id() + " non è attivo (" + account.state().code()
                        + "): solo un account di servizio attivo riceve chiavi.", Map.of("state", account.state().code()));
            }
            if (!Objects.equals(account.tenant(), spec.tenant())) {
                throw BilingualProblem.field(ProblemType.VALIDATION, "tenant", "A service account's key is bound to"
                        + " the account's own tenant (or to none for a platform service account).", "La chiave di un"
                        + " account di servizio è legata al tenant dell'account (a nessuno per un account di servizio"
                        + " della piattaforma).");
            }
            Set<String> held = heldRoles(account);
            for (String role : new TreeSet<>(spec.roles())) {
                if (!held.contains(role)) {
                    throw BilingualProblem.field(ProblemType.VALIDATION, "roles", "Service account " + account.id()
                            + " does not hold role " + role + (account.tenant() == null ? "" : " on its tenant")
                            + ": a key's roles must be among its service account's; grant the role first.",
                            "L'account di servizio " + account.id() + " non ha il ruolo " + role
                            + (account.tenant() == null ? "" : " sul suo tenant") + ": i ruoli di una chiave devono"
                            + " essere tra quelli del suo account di servizio; assegnare prima il ruolo.",
                            Map.of("role", role));
                }
            }
            // Never after a step-up: an administrator's second factor is not the service account's.
            return insert(actor, account.id(), account, spec, validity, false);
        });
    }

    /**
     * A tenant's credentials are issued by the tenant's own people (or by the system, at setup): a
     * platform-side caller (provider staff, a platform key) cannot mint a key bound to a tenant, for itself
     * or for the tenant's service accounts, since that key would be standing staff access to the tenant
     * (commitment 5). Staff onboard a tenant by inviting its first administrator, who issues the keys.
     */
    private void requireTenantsOwnIssuer(Caller actor, TenantId tenant) {
        if (tenant != null && actor.tenant() == null && !"system".equals(actor.kind())) {
            // The attempt is ledgered in the tenant's log: the customer sees it.
            tx.executeWithoutResult(status -> events.account(actor, tenant, "api-key.created", "tenant/" + tenant,
                    "denied", "no-standing-staff-access: a platform-side caller may not issue the tenant's keys"));
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Keys bound to tenant " + tenant + " are issued by that"
                    + " tenant's administrators, not by provider staff (no standing staff access to tenant data).",
                    "Le chiavi legate al tenant " + tenant + " sono emesse dagli amministratori di quel tenant, non"
                    + " dal personale del fornitore (nessun accesso permanente del personale ai dati dei tenant).",
                    Map.of("rule", "no-standing-staff-access"));
        }
    }

    /** Inserts the first administrator's key in the current transaction, created after a step-up or not. */
    IssuedKey insert(Caller actor, Set<String> roles, TenantId tenant, String description, boolean stepUp,
            Duration validity) {
        return insert(actor, actor.owner(), null, new KeySpec(roles, tenant, description, validity, null), validity,
                stepUp);
    }

    /**
     * Inserts a key owned by {@code owner} (for a service account, {@code service} is that account), stating
     * whether it was created after a step-up, and ledgers it.
     */
    private IssuedKey insert(Caller actor, String owner, Account service, KeySpec spec, Duration validity,
            boolean stepUp) {
        KeyToken token = KeyToken.generate();
        Instant now = clock.instant();
        String roleText = String.join(",", new TreeSet<>(spec.roles()));
        String scopeText = spec.scopes() == null ? null : String.join(",", new TreeSet<>(spec.scopes()));
        TenantId tenant = spec.tenant();
        jdbc.sql("""
                INSERT INTO api_keys (id, secret_hash, roles, scopes, tenant, description, created_at, created_by,
                    owner_id, step_up, expires_at)
                VALUES (:id, :hash, :roles, :scopes, :tenant, :description, :now, :by, :owner, :stepUp, :expires)""")
                .param("id", token.keyId()).param("hash", token.secretHash()).param("roles", roleText)
                .param("scopes", scopeText)
                .param("tenant", tenant == null ? null : tenant.value()).param("description", spec.description())
                .param("now", instants.bind(now)).param("by", actor.id()).param("owner", owner)
                .param("stepUp", stepUp).param("expires", instants.bind(now.plus(validity)))
                .update();
        // Scopes are permission codes, not personal data; the description (an operator's label) stays out.
        events.account(actor, service == null ? null : service.tenant(), "api-key.created", "api-key/" + token.keyId(),
                "success", "roles " + roleText + (scopeText == null ? "" : ", scopes " + scopeText)
                        + (tenant == null ? "" : ", tenant " + tenant.value())
                        + (owner == null ? "" : ", owner " + owner + (service != null ? " (service account)"
                                : stepUp ? ", after step-up" : "")));
        ApiKey key = find(token.keyId()).orElseThrow();
        return new IssuedKey(key, token.token());
    }

    @Override
    public List<ApiKey> list() {
        return jdbc.sql("SELECT * FROM api_keys ORDER BY created_at DESC, id").query(this::row).list();
    }

    @Override
    public List<ApiKey> listOwnedBy(String accountId) {
        return jdbc.sql("SELECT * FROM api_keys WHERE owner_id = :owner ORDER BY created_at DESC, id")
                .param("owner", accountId).query(this::row).list();
    }

    @Override
    public Optional<ApiKey> find(String id) {
        return jdbc.sql("SELECT * FROM api_keys WHERE id = :id").param("id", id).query(this::row).optional();
    }

    @Override
    public ApiKey revoke(Caller actor, String id) {
        return tx.execute(status -> {
            ApiKey key = find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "No API key has this id."));
            if (key.revoked()) {
                return key;
            }
            if (key.roles().contains(Roles.PLATFORM_ADMIN) && postgres) {
                // Two revocations of the last two administrator keys at once must not both see the other alive:
                // they take turns here (SQLite's write transactions take turns already).
                jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(ADMIN_KEYS_LOCK).query((rs, n) -> 1).list();
            }
            if (key.roles().contains(Roles.PLATFORM_ADMIN) && livePlatformAdmins() <= 1) {
                throw new ProblemException(ProblemType.CONFLICT, "This is the last live platform administrator's"
                        + " key: create another administrator key before revoking it.");
            }
            jdbc.sql("UPDATE api_keys SET revoked_at = :now, revoked_by = :by WHERE id = :id AND revoked_at IS NULL")
                    .param("now", instants.bind(clock.instant())).param("by", actor.id()).param("id", id)
                    .update();
            events.account(actor, serviceTenant(key).orElse(null), "api-key.revoked", "api-key/" + id, "success",
                    null);
            return find(id).orElseThrow();
        });
    }

    private static final String AUTHENTICATE = "SELECT k.id, k.secret_hash, k.roles, k.scopes, k.tenant, k.owner_id,"
            + " k.description, k.created_at, k.created_by, k.revoked_at, k.last_used_at, k.expires_at, k.step_up,"
            + " a.state AS owner_state, a.kind AS owner_kind, t.confirmed_at AS owner_totp,"
            + " m.mfa_required AS owner_mfa_required"
            + " FROM api_keys k LEFT JOIN accounts a ON a.id = k.owner_id"
            + " LEFT JOIN account_totp t ON t.account_id = k.owner_id"
            + " LEFT JOIN tenant_mfa_policies m ON m.tenant_id = a.tenant_id WHERE k.id = ?";

    @Override
    public Optional<Caller> authenticate(String token) {
        Optional<KeyToken> parsed = KeyToken.parse(token);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        KeyToken presented = parsed.get();
        // The hot path of every API request: on SQLite the statement stays prepared (KeyLookup).
        Optional<StoredKey> stored = lookup.find(presented.keyId(),
                (rs, n) -> new StoredKey(row(rs, n), rs.getString("secret_hash"), rs.getString("owner_id"),
                        rs.getBoolean("step_up"), rs.getString("owner_state"), rs.getString("owner_kind"),
                        rs.getObject("owner_totp") != null, rs.getBoolean("owner_mfa_required")));
        String expected = stored.map(StoredKey::secretHash).orElse(NO_SUCH_HASH);
        boolean matches = Secrets.sameHash(expected, presented.secretHash());
        if (!matches || stored.isEmpty() || stored.get().key().revoked()
                || stored.get().key().expiredAt(clock.instant())) {
            return Optional.empty();
        }
        StoredKey found = stored.get();
        if (found.owner() != null && !AccountState.ACTIVE.code().equals(found.ownerState())) {
            // A suspended or deprovisioned owner's keys stop working at once, even before their revocation.
            return Optional.empty();
        }
        ApiKey key = found.key();
        touch(key);
        Caller bare = key.caller();
        boolean service = Account.SERVICE.equals(found.ownerKind());
        Set<String> roles = bare.roles();
        if (service) {
            // A service account's key has only the roles its account still holds: revoking a role from the
            // account takes it from its keys at once.
            Set<String> held = heldRoles(found.owner(), key.tenant());
            roles = roles.stream().filter(held::contains).collect(Collectors.toUnmodifiableSet());
        } else if (found.owner() != null && roles.stream().anyMatch(JdbcApiKeys::ownerBound)) {
            // A person's key carries a person's role (administrative, production, a tenant's) only while the
            // person holds it:
            // revoking the role from the person, or suspending it (a staff member without a valid
            // confidentiality agreement), takes it from their keys at once. (Only keys with such a role pay
            // this query.)
            Set<String> held = heldRoles(found.owner(), key.tenant());
            roles = roles.stream().filter(r -> !ownerBound(r) || held.contains(r))
                    .collect(Collectors.toUnmodifiableSet());
        }
        // A service account is not a user: a strict tenant's second-factor requirement does not apply to it
        // (it has no factor to give), as it does not to keys that belong to no account.
        return Optional.of(new Caller(bare.id(), bare.kind(), roles, bare.tenant(), bare.authMethods(),
                found.owner(), List.of(new VerifiedFactor(VerifiedFactor.API_KEY, clock.instant())),
                found.stepUp() && found.ownerMfa(), found.ownerMfaRequired() && !service, bare.scopes()));
    }

    /**
     * A role a person's key carries only while its owner holds it: administrative and production roles, and
     * the roles a tenant gives its people (member, auditor, its own roles), so that revoking one (by an
     * administrator, or an access review) takes it from the person's keys at once. Only the machine role
     * {@code tenant-ledger-reader} may sit on a person's key without the person holding it (a verifier's key
     * its administrator issued).
     */
    private static boolean ownerBound(String role) {
        return Roles.ADMINISTRATIVE.contains(role) || Roles.PRODUCTION.contains(role)
                || Roles.TENANT_MEMBER.equals(role) || Roles.TENANT_AUDITOR.equals(role)
                || eu.custodia.server.identity.CustomRoles.isCustom(role);
    }

    /** The roles an account holds on its own tenant (or on the platform, for an account of none). */
    private Set<String> heldRoles(Account account) {
        return heldRoles(account.id(), account.tenant());
    }

    private Set<String> heldRoles(String accountId, TenantId tenant) {
        return new HashSet<>(jdbc.sql("SELECT role FROM account_roles WHERE account_id = :id AND tenant_id = :tenant")
                .param("id", accountId).param("tenant", tenant == null ? "" : tenant.value())
                .query(String.class).list());
    }

    /** The tenant (empty: the platform) of the service account owning a key; empty for other keys too. */
    private Optional<TenantId> serviceTenant(ApiKey key) {
        if (key.owner() == null) {
            return Optional.empty();
        }
        return accounts.find(key.owner()).filter(a -> Account.SERVICE.equals(a.kind())).map(Account::tenant);
    }

    long livePlatformAdmins() {
        Instant now = clock.instant();
        return list().stream().filter(k -> !k.revoked() && !k.expiredAt(now) && k.roles().contains(Roles.PLATFORM_ADMIN))
                .count();
    }

    private void touch(ApiKey key) {
        Instant now = clock.instant();
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY))) {
            jdbc.sql("UPDATE api_keys SET last_used_at = :now WHERE id = :id")
                    .param("now", instants.bind(now)).param("id", key.id()).update();
        }
    }

    /** Validates a new key and returns its validity. */
    private Duration validate(KeySpec spec) {
        validate(spec.roles(), spec.tenant(), spec.description());
        Duration validity = spec.validity() == null ? DEFAULT_VALIDITY : spec.validity();
        if (validity.compareTo(Duration.ofDays(1)) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw invalid("expiresInDays", "A key is valid from 1 to 365 days.");
        }
        validateScopes(spec.roles(), spec.scopes());
        return validity;
    }

    /**
     * Each scope must name a permission one of the key's roles carries: a scope only ever narrows. No scopes
     * at all (null) is a key with everything its roles allow; an empty list is a mistake, not "nothing".
     */
    private void validateScopes(Set<String> roles, Set<String> scopes) {
        if (scopes == null) {
            return;
        }
        if (scopes.isEmpty()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "scopes", "Give one or more scopes (permission codes"
                    + " such as ledger:read), or leave scopes out for everything the key's roles allow.",
                    "Indicare uno o più ambiti (codici di permesso come ledger:read), oppure omettere scopes per"
                    + " tutto ciò che i ruoli della chiave consentono.");
        }
        Set<String> known = new TreeSet<>(catalogue.codes());
        List<String> sorted = scopes.stream().sorted(Comparator.nullsFirst(Comparator.naturalOrder())).toList();
        for (String scope : sorted) {
            if (scope == null || !known.contains(scope)) {
                String shown = scope != null && SCOPE_TEXT.matcher(scope).matches() ? scope : "(not a permission code)";
                throw BilingualProblem.field(ProblemType.INVALID_SCOPE, "scopes", "Unknown scope " + shown
                        + "; known scopes: " + String.join(", ", known) + ".",
                        "Ambito sconosciuto " + shown + "; ambiti esistenti: " + String.join(", ", known) + ".",
                        Map.of("scope", shown));
            }
            if (!catalogue.carried(roles, scope)) {
                String roleText = String.join(", ", new TreeSet<>(roles));
                throw BilingualProblem.field(ProblemType.INVALID_SCOPE, "scopes", "No role of the key (" + roleText
                        + ") carries scope " + scope + ": a scope can only narrow what the key's roles allow.",
                        "Nessun ruolo della chiave (" + roleText + ") comprende l'ambito " + scope + ": un ambito può"
                        + " solo restringere ciò che i ruoli della chiave consentono.", Map.of("scope", scope));
            }
        }
    }

    private static void validate(Set<String> roles, TenantId tenant, String description) {
        if (roles == null || roles.isEmpty() || roles.stream().anyMatch(r -> r == null || !Roles.ALL.contains(r))) {
            throw invalid("roles", "Give one or more of " + new TreeSet<>(Roles.ALL) + ".");
        }
        boolean tenantRoles = roles.stream().anyMatch(Roles.TENANT_BOUND::contains);
        boolean platformRoles = roles.stream().anyMatch(r -> !Roles.TENANT_BOUND.contains(r));
        if (tenant == null && tenantRoles) {
            throw invalid("tenant", "Roles " + new TreeSet<>(Roles.TENANT_BOUND) + " need a tenant.");
        }
        if (tenant != null && platformRoles) {
            throw invalid("tenant", "A key bound to a tenant may only have roles " + new TreeSet<>(Roles.TENANT_BOUND)
                    + ".");
        }
        if (description == null || !DESCRIPTION.matcher(description).matches() || description.isBlank()) {
            throw invalid("description", "Give a label of 1 to 200 printable characters (no personal data).");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, "Some fields are not valid; see errors.",
                java.util.Map.of("errors", List.of(java.util.Map.of("field", field, "message", message))));
    }

    private ApiKey row(ResultSet rs, int rowNum) throws SQLException {
        Set<String> roles = Arrays.stream(rs.getString("roles").split(",")).filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        String scopeText = rs.getString("scopes");
        Set<String> scopes = scopeText == null ? null : Arrays.stream(scopeText.split(",")).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        String tenant = rs.getString("tenant");
        return new ApiKey(rs.getString("id"), roles, scopes, tenant == null ? null : new TenantId(tenant),
                rs.getString("owner_id"), rs.getString("description"), instants.read(rs, "created_at"),
                rs.getString("created_by"), instants.read(rs, "revoked_at"), instants.read(rs, "last_used_at"),
                instants.read(rs, "expires_at"));
    }

    private record StoredKey(ApiKey key, String secretHash, String owner, boolean stepUp, String ownerState,
            String ownerKind, boolean ownerMfa, boolean ownerMfaRequired) {
    }
}
