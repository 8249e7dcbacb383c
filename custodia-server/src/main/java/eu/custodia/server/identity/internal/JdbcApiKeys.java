package eu.custodia.server.identity.internal;

import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link ApiKeys} on the {@code api_keys} table; every change and its ledger event in one transaction. */
@Service
final class JdbcApiKeys implements ApiKeys {

    /** Last use is recorded at most this often per key, so authentication is not a write per request. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final Pattern DESCRIPTION = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,200}");
    /** Compared against when the key id is unknown, so both failures take the same time. */
    private static final String NO_SUCH_HASH = Secrets.sha256("no such key");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final IdentityEvents events;
    private final Clock clock;
    private final Duration stepUpWindow;

    JdbcApiKeys(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, IdentityEvents events, Clock clock,
            @Value("${custodia.identity.step-up-window:PT10M}") Duration stepUpWindow) {
        this.stepUpWindow = stepUpWindow;
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public IssuedKey create(Caller actor, Set<String> roles, TenantId tenant, String description) {
        return create(actor, roles, tenant, description, DEFAULT_VALIDITY);
    }

    @Override
    public IssuedKey create(Caller actor, Set<String> roles, TenantId tenant, String description, Duration validity) {
        validate(roles, tenant, description);
        if (validity == null || validity.compareTo(Duration.ofDays(1)) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
            throw invalid("expiresInDays", "A key is valid from 1 to 365 days.");
        }
        return tx.execute(status -> insert(actor, roles, tenant, description,
                actor.owner() != null && actor.hasFreshSecondFactor(clock.instant(), stepUpWindow), validity));
    }

    /** Inserts a key in the current transaction and ledgers it. */
    IssuedKey insert(Caller actor, Set<String> roles, TenantId tenant, String description) {
        // A key remembers whether its owner had just verified a second factor when creating it: only then
        // can it carry administrative roles (and only while the owner keeps one enrolled).
        return insert(actor, roles, tenant, description,
                actor.owner() != null && actor.hasFreshSecondFactor(clock.instant(), stepUpWindow), DEFAULT_VALIDITY);
    }

    /** Inserts a key owned by {@code actor.owner()}, stating whether it was created after a step-up. */
    IssuedKey insert(Caller actor, Set<String> roles, TenantId tenant, String description, boolean stepUp,
            Duration validity) {
        KeyToken token = KeyToken.generate();
        Instant now = clock.instant();
        String roleText = String.join(",", new TreeSet<>(roles));
        jdbc.sql("""
                INSERT INTO api_keys (id, secret_hash, roles, tenant, description, created_at, created_by, owner_id,
                    step_up, expires_at)
                VALUES (:id, :hash, :roles, :tenant, :description, :now, :by, :owner, :stepUp, :expires)""")
                .param("id", token.keyId()).param("hash", token.secretHash()).param("roles", roleText)
                .param("tenant", tenant == null ? null : tenant.value()).param("description", description)
                .param("now", instants.bind(now)).param("by", actor.id()).param("owner", actor.owner())
                .param("stepUp", stepUp).param("expires", instants.bind(now.plus(validity)))
                .update();
        events.platform(actor, "api-key.created", "api-key/" + token.keyId(),
                "roles " + roleText + (tenant == null ? "" : ", tenant " + tenant.value())
                        + (actor.owner() == null ? "" : ", owner " + actor.owner() + (stepUp ? ", after step-up" : "")));
        ApiKey key = find(token.keyId()).orElseThrow();
        return new IssuedKey(key, token.token());
    }

    @Override
    public List<ApiKey> list() {
        return jdbc.sql("SELECT * FROM api_keys ORDER BY created_at DESC, id").query(this::row).list();
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
            if (key.roles().contains(Roles.PLATFORM_ADMIN) && livePlatformAdmins() <= 1) {
                throw new ProblemException(ProblemType.CONFLICT, "This is the last live platform administrator's"
                        + " key: create another administrator key before revoking it.");
            }
            jdbc.sql("UPDATE api_keys SET revoked_at = :now, revoked_by = :by WHERE id = :id AND revoked_at IS NULL")
                    .param("now", instants.bind(clock.instant())).param("by", actor.id()).param("id", id)
                    .update();
            events.platform(actor, "api-key.revoked", "api-key/" + id, null);
            return find(id).orElseThrow();
        });
    }

    @Override
    public Optional<Caller> authenticate(String token) {
        Optional<KeyToken> parsed = KeyToken.parse(token);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        KeyToken presented = parsed.get();
        Optional<StoredKey> stored = jdbc.sql("""
                SELECT k.*, a.state AS owner_state, t.confirmed_at AS owner_totp, m.mfa_required AS owner_mfa_required
                FROM api_keys k
                LEFT JOIN accounts a ON a.id = k.owner_id
                LEFT JOIN account_totp t ON t.account_id = k.owner_id
                LEFT JOIN tenant_mfa_policies m ON m.tenant_id = a.tenant_id
                WHERE k.id = :id""")
                .param("id", presented.keyId())
                .query((rs, n) -> new StoredKey(row(rs, n), rs.getString("secret_hash"), rs.getString("owner_id"),
                        rs.getBoolean("step_up"), rs.getString("owner_state"), rs.getObject("owner_totp") != null,
                        rs.getBoolean("owner_mfa_required")))
                .optional();
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
        return Optional.of(new Caller(bare.id(), bare.kind(), bare.roles(), bare.tenant(), bare.authMethods(),
                found.owner(), List.of(new VerifiedFactor(VerifiedFactor.API_KEY, clock.instant())),
                found.stepUp() && found.ownerMfa(), found.ownerMfaRequired()));
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

    private static void validate(Set<String> roles, TenantId tenant, String description) {
        if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
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
        String tenant = rs.getString("tenant");
        return new ApiKey(rs.getString("id"), roles, tenant == null ? null : new TenantId(tenant),
                rs.getString("description"), instants.read(rs, "created_at"), rs.getString("created_by"),
                instants.read(rs, "revoked_at"), instants.read(rs, "last_used_at"), instants.read(rs, "expires_at"));
    }

    private record StoredKey(ApiKey key, String secretHash, String owner, boolean stepUp, String ownerState,
            boolean ownerMfa, boolean ownerMfaRequired) {
    }
}
