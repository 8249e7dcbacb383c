package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.SignIns;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.password.PasswordHasher;
import eu.custodia.server.identity.internal.throttle.EqualTimeResponder;
import eu.custodia.server.identity.internal.throttle.SignInThrottle;
import eu.custodia.server.identity.internal.throttle.Subject;
import eu.custodia.server.identity.internal.throttle.Verdict;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SignIns} over the account tables, the {@link SignInThrottle} and {@link PasswordHasher}. A
 * password answer takes at least {@link #PASSWORD_FLOOR}: an unknown username costs a dummy Argon2id
 * verification, and the floor hides what is left (a database hit or miss).
 */
@Service
final class JdbcSignIns implements SignIns {

    /** Every password answer takes at least this long (the Argon2id verification takes about 50-100 ms). */
    static final Duration PASSWORD_FLOOR = Duration.ofMillis(150);
    private static final String FAILED = "The username or password is wrong. / Nome utente o password errati.";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JdbcAccounts accounts;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final EqualTimeResponder equalTime;
    private final IdentityEvents events;
    private final Clock clock;

    JdbcSignIns(JdbcClient jdbc, TransactionTemplate tx, JdbcAccounts accounts, PasswordHasher hasher,
            SignInThrottle throttle, EqualTimeResponder equalTime, IdentityEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.accounts = accounts;
        this.hasher = hasher;
        this.throttle = throttle;
        this.equalTime = equalTime;
        this.events = events;
        this.clock = clock;
    }

    /** What the timed part of a password sign-in decided; the problem is raised after the floor. */
    private record Outcome(PasswordSignIn success, Verdict throttled) {
    }

    @Override
    public PasswordSignIn password(String username, String password, String address) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        Subject byAccount = Subject.account(Subject.Kind.PASSWORD, Secrets.sha256("username:" + name));
        Subject byAddress = Subject.address(Subject.Kind.PASSWORD, address == null ? "unknown" : address);
        // The counters, the ledger event and a rehash commit together.
        Outcome outcome = equalTime.atLeast(PASSWORD_FLOOR, () -> tx.execute(status -> {
            Verdict verdict = throttle.check(byAccount, byAddress);
            if (!verdict.allowed()) {
                return new Outcome(null, verdict);
            }
            Optional<Object[]> row = jdbc.sql("SELECT a.id, p.hash FROM accounts a JOIN account_passwords p"
                    + " ON p.account_id = a.id WHERE a.username = ?").param(name)
                    .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2)}).optional();
            String text = password == null ? "" : password;
            if (row.isEmpty()) {
                hasher.dummyVerify(text);
                throttle.failure(byAccount, byAddress);
                events.account(Caller.SYSTEM, null, "account.sign-in-failed", "account/unknown", "failure",
                        "password: unknown username");
                return new Outcome(null, null);
            }
            String id = (String) row.get()[0];
            String stored = (String) row.get()[1];
            Account account = accounts.find(id).orElseThrow();
            boolean matches = hasher.verify(text, stored);
            if (!matches || account.state() != AccountState.ACTIVE) {
                throttle.failure(byAccount, byAddress);
                Verdict after = throttle.check(byAccount);
                events.account(IdentityEvents.self(account), account.tenant(), after.locked() ? "account.locked-out"
                        : "account.sign-in-failed", "account/" + id, "failure", "password: "
                        + (matches ? "account " + account.state().code() : "wrong password"));
                return new Outcome(null, null);
            }
            throttle.success(byAccount);
            if (hasher.needsUpgrade(stored)) {
                jdbc.sql("UPDATE account_passwords SET hash = ? WHERE account_id = ?").params(hasher.hash(text), id)
                        .update();
            }
            VerifiedFactor factor = new VerifiedFactor(VerifiedFactor.PASSWORD, clock.instant());
            events.account(IdentityEvents.self(account), account.tenant(), "account.signed-in", "account/" + id, "success",
                    "password verified" + (account.mfaEnrolled() ? "; second factor pending" : ""));
            return new Outcome(new PasswordSignIn(account, factor), null);
        }));
        if (outcome.throttled() != null) {
            throw outcome.throttled().problem();
        }
        if (outcome.success() == null) {
            throw new ProblemException(ProblemType.SIGNIN_FAILED, FAILED);
        }
        return outcome.success();
    }

    @Override
    public VerifiedFactor secondFactor(String accountId, String code, String address) {
        Subject byAccount = Subject.account(Subject.Kind.SECOND_FACTOR, accountId);
        Subject byAddress = Subject.address(Subject.Kind.SECOND_FACTOR, address == null ? "unknown" : address);
        Verdict verdict = throttle.check(byAccount, byAddress);
        if (!verdict.allowed()) {
            throw verdict.problem();
        }
        Account account = accounts.find(accountId).orElseThrow(() -> new ProblemException(
                ProblemType.SIGNIN_FAILED, "Sign in with your password first."));
        Optional<VerifiedFactor> factor = tx.execute(status -> {
            Optional<VerifiedFactor> verified = accounts.verifySecondFactor(accountId, code);
            if (verified.isEmpty()) {
                throttle.failure(byAccount, byAddress);
                boolean locked = throttle.check(byAccount).locked();
                events.account(IdentityEvents.self(account), account.tenant(), locked ? "account.locked-out"
                        : "account.second-factor-failed", "account/" + accountId, "failure",
                        "second factor: wrong or reused code");
            } else {
                throttle.success(byAccount);
                events.account(IdentityEvents.self(account), account.tenant(), "account.second-factor-verified",
                        "account/" + accountId, "success", verified.get().kind());
            }
            return verified;
        });
        if (factor.isEmpty()) {
            throw new ProblemException(ProblemType.SIGNIN_FAILED, "The code is wrong or was already used: enter the"
                    + " current code of your authenticator app, or an unused recovery code. / Il codice è errato o già"
                    + " usato: inserire il codice attuale dell'app di autenticazione o un codice di recupero non usato.");
        }
        return factor.get();
    }

    @Override
    public Optional<Caller> sessionCaller(String accountId, List<VerifiedFactor> factors) {
        return accounts.find(accountId).filter(a -> a.state() == AccountState.ACTIVE).map(a -> {
            Set<String> roles = a.roles().stream().map(Account.RoleAssignment::role).collect(Collectors.toSet());
            List<String> methods = factors.stream().map(VerifiedFactor::kind).toList();
            return new Caller(a.id(), a.kind(), roles, a.tenant(), methods, a.id(), factors,
                    factors.stream().anyMatch(VerifiedFactor::second), accounts.tenantRequiresMfa(a.tenant()));
        });
    }



}
