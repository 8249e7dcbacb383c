package eu.custodia.server.identity.internal;

import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first administrator's one-time setup token: 256 random bits, valid one hour, stored only as its
 * SHA-256, consumed atomically ({@code DELETE ... WHERE token_hash = ? AND expires_at > ?}, one row or
 * nothing) in the same transaction that creates the administrator's key and ledgers both.
 */
@Component
final class SetupTokens {

    static final Duration VALIDITY = Duration.ofHours(1);
    static final String PREFIX = "cus-setup-";
    private static final Pattern FORMAT = Pattern.compile("cus-setup-[a-z2-7]{52}");
    /** The actor of the bootstrap: whoever holds the setup token printed on the server's console. */
    static final Caller SETUP = new Caller("setup", "setup-token", Set.of(), null, List.of("setup-token"));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final JdbcApiKeys keys;
    private final JdbcAccounts accounts;
    private final IdentityEvents events;
    private final Clock clock;

    SetupTokens(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, JdbcApiKeys keys,
            JdbcAccounts accounts, IdentityEvents events, Clock clock) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.keys = keys;
        this.events = events;
        this.clock = clock;
    }

    /** A token just issued and when it expires. */
    record Issued(String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "Issued[token=***, expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Replaces any earlier token with a fresh one, unless a live platform administrator exists.
     *
     * @return the new token, or empty when setup is already complete
     */
    Optional<Issued> issueIfNoAdministrator() {
        return tx.execute(status -> {
            if (keys.livePlatformAdmins() > 0) {
                jdbc.sql("DELETE FROM setup_tokens").update();
                return Optional.<Issued>empty();
            }
            String token = PREFIX + Secrets.random(256);
            Instant expiresAt = clock.instant().plus(VALIDITY);
            jdbc.sql("DELETE FROM setup_tokens").update();
            jdbc.sql("INSERT INTO setup_tokens (token_hash, expires_at) VALUES (:hash, :expires)")
                    .param("hash", Secrets.sha256(token)).param("expires", instants.bind(expiresAt)).update();
            events.platform(Caller.SYSTEM, "platform.setup-token-issued", "platform",
                    "valid until " + expiresAt);
            return Optional.of(new Issued(token, expiresAt));
        });
    }

    /**
     * Consumes the token and creates the first platform administrator's key.
     *
     * @throws ProblemException an {@code unauthenticated} problem when the token is malformed, unknown,
     *     already used or expired (indistinguishably)
     */
    Completed complete(String token, String username) {
        if (token == null || !FORMAT.matcher(token).matches()) {
            throw rejected();
        }
        return tx.execute(status -> {
            int consumed = jdbc.sql("DELETE FROM setup_tokens WHERE token_hash = :hash AND expires_at > :now")
                    .param("hash", Secrets.sha256(token)).param("now", instants.bind(clock.instant())).update();
            if (consumed != 1) {
                throw rejected();
            }
            events.platform(SETUP, "platform.setup-completed", "platform", null);
            String account = accounts.createActive(SETUP, Account.STAFF, null, username == null ? "admin" : username);
            accounts.markFirstAdministrator(account);
            Caller owner = new Caller(account, Account.STAFF, Set.of(), null, List.of(), account, List.of(), false);
            Accounts.TotpEnrolment totp = accounts.startTotp(owner);
            // The single-use setup token stands in for the step-up: the key becomes administrative once its
            // owner confirms the TOTP enrolment, which gives the account the platform-admin role (a key carries
            // an administrative role only while its owner holds it and has a factor).
            IssuedKey key = keys.insert(owner, Set.of(Roles.PLATFORM_ADMIN), null, "First platform administrator",
                    true, ApiKeys.DEFAULT_VALIDITY);
            return new Completed(key, account, totp);
        });
    }

    /**
     * The first administrator, returned once: the account, its API key (administrative once the TOTP
     * enrolment is confirmed with {@code POST /api/v1/account/totp/confirm}) and the pending enrolment.
     *
     * @param key the key and its token
     * @param account the administrator's account id
     * @param totp the pending TOTP enrolment
     */
    record Completed(IssuedKey key, String account, Accounts.TotpEnrolment totp) {

        @Override
        public String toString() {
            return "Completed[" + account + "]";
        }
    }


    static ProblemException rejected() {
        return new ProblemException(ProblemType.UNAUTHENTICATED, "The setup token is not valid: it may be"
                + " mistyped, expired or already used. Restart Custodia to print a fresh one.");
    }
}
