package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Passkeys;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.throttle.SignInThrottle;
import eu.custodia.server.identity.internal.throttle.Subject;
import eu.custodia.server.identity.internal.throttle.Verdict;
import eu.custodia.server.identity.internal.webauthn.PasskeyRefused;
import eu.custodia.server.identity.internal.webauthn.RelyingParty;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Passkeys} over the {@link RelyingParty} (Spring Security's WebAuthn relying party and its tables)
 * and table {@code webauthn_ceremonies}, which keeps each ceremony's options between its two requests: for a
 * session as for an API key, on every node, bound to the account and purpose, consumed by the first answer
 * ({@code DELETE} of one row or none). Every change and its ledger event commit together.
 */
@Service
final class JdbcPasskeys implements Passkeys {

    /** How long a ceremony waits for its answer (the options' own timeout). */
    static final Duration CEREMONY_VALIDITY = Duration.ofMinutes(5);
    /** Ceremonies an account may have waiting per purpose; older ones are dropped. */
    static final int CEREMONIES_PER_ACCOUNT = 5;
    static final String REGISTRATION = "registration";
    static final String SIGN_IN = "sign-in";
    static final String PASSWORDLESS = "passwordless";
    /** Passwordless ceremonies open at once, all callers together (each lives 5 minutes). */
    static final int MAX_PASSWORDLESS_CEREMONIES = 10_000;
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,100}");
    private static final Pattern ID = Pattern.compile("pk-[0-9a-f]{16}");
    private static final String FAILED = "The passkey was not accepted: use one registered for this account, and"
            + " answer the latest request. / La passkey non è stata accettata: usarne una registrata per questo"
            + " account e rispondere all'ultima richiesta.";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final JdbcAccounts accounts;
    private final RelyingParty rp;
    private final SignInThrottle throttle;
    private final IdentityEvents events;
    private final Clock clock;
    private final Duration stepUpWindow;

    JdbcPasskeys(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, JdbcAccounts accounts,
            RelyingParty rp, SignInThrottle throttle, IdentityEvents events, Clock clock,
            @Value("${custodia.identity.step-up-window:PT10M}") Duration stepUpWindow) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.accounts = accounts;
        this.rp = rp;
        this.throttle = throttle;
        this.events = events;
        this.clock = clock;
        this.stepUpWindow = stepUpWindow;
    }

    @Override
    public Ceremony startRegistration(Caller self) {
        Account account = activeOwner(self);
        requireStepUpIfEnrolled(self, account, "register a passkey");
        return tx.execute(status -> {
            String options = rp.creationOptions(account.id(), account.username());
            return open(account.id(), REGISTRATION, options);
        });
    }

    @Override
    public Passkey register(Caller self, String ceremony, String credentialJson, String label) {
        Account account = activeOwner(self);
        requireStepUpIfEnrolled(self, account, "register a passkey");
        String name = label(label);
        Optional<String> options = consume(account.id(), REGISTRATION, ceremony);
        if (options.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "This registration is unknown, expired or already"
                    + " answered: request new options (POST /api/v1/account/passkeys/options) and answer them"
                    + " within 5 minutes.", Map.of("field", "ceremony"));
        }
        Object result = tx.execute(status -> {
            CredentialRecord record;
            try {
                record = rp.register(options.get(), credentialJson, name);
            } catch (PasskeyRefused e) {
                status.setRollbackOnly();
                return e;
            }
            Instant now = clock.instant();
            ImmutableCredentialRecord stamped = ImmutableCredentialRecord.fromCredentialRecord(record).created(now)
                    .lastUsed(now).build();
            rp.save(stamped);
            events.account(self, account.tenant(), "account.passkey-registered", "account/" + account.id(),
                    "success", "passkey " + id(stamped));
            return view(stamped);
        });
        if (result instanceof PasskeyRefused refused) {
            tx.executeWithoutResult(status -> events.account(self, account.tenant(), "account.passkey-registered",
                    "account/" + account.id(), "failure", "refused: " + refused.getMessage()));
            throw new ProblemException(ProblemType.VALIDATION, "The passkey could not be registered: "
                    + refused.getMessage() + ".", Map.of("field", "credential"));
        }
        return (Passkey) result;
    }

    @Override
    public List<Passkey> list(Caller self) {
        Account account = activeOwner(self);
        return rp.credentials(account.id()).stream().sorted(Comparator.comparing(CredentialRecord::getCreated))
                .map(JdbcPasskeys::view).toList();
    }

    @Override
    public Passkey rename(Caller self, String id, String label) {
        Account account = activeOwner(self);
        String name = label(label);
        return tx.execute(status -> {
            CredentialRecord record = owned(account, id);
            ImmutableCredentialRecord renamed = ImmutableCredentialRecord.fromCredentialRecord(record).label(name)
                    .build();
            rp.save(renamed);
            events.account(self, account.tenant(), "account.passkey-renamed", "account/" + account.id(), "success",
                    "passkey " + id);
            return view(renamed);
        });
    }

    @Override
    public void revoke(Caller self, String id) {
        Account account = activeOwner(self);
        requireStepUpIfEnrolled(self, account, "revoke a passkey");
        Boolean revoked = tx.execute(status -> {
            // Serialises factor removals of this account (a row lock on PostgreSQL; SQLite writes one at a time),
            // so two concurrent revocations cannot both see the other's factor and leave none.
            jdbc.sql("UPDATE accounts SET state = state WHERE id = ?").param(account.id()).update();
            CredentialRecord record = owned(account, id);
            Account now = accounts.find(account.id()).orElseThrow();
            boolean admin = now.roles().stream().anyMatch(r -> Roles.ADMINISTRATIVE.contains(r.role()));
            boolean otherFactor = rp.credentials(account.id()).size() > 1
                    || now.secondFactors().stream().anyMatch(f -> !f.equals(VerifiedFactor.WEBAUTHN));
            if (admin && !otherFactor) {
                events.account(self, account.tenant(), "account.passkey-revoked", "account/" + account.id(), "denied",
                        "passkey " + id + ": last second factor of an administrator");
                return false;
            }
            rp.delete(record.getCredentialId());
            events.account(self, account.tenant(), "account.passkey-revoked", "account/" + account.id(), "success",
                    "passkey " + id);
            return true;
        });
        if (!Boolean.TRUE.equals(revoked)) {
            // Raised after the commit, so that the ledgered refusal stays.
            throw new ProblemException(ProblemType.CONFLICT, "This is the last second factor of an account with an"
                    + " administrative role: enrol another one (or revoke the role) first.");
        }
    }

    @Override
    public int resetPasskeys(Caller actor, String accountId) {
        Integer revoked = tx.execute(status -> {
            // Serialises factor removals of this account, as in revoke.
            if (jdbc.sql("UPDATE accounts SET state = state WHERE id = ?").param(accountId).update() != 1) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No account " + accountId + ".");
            }
            Account account = accounts.find(accountId).orElseThrow();
            List<CredentialRecord> passkeys = rp.credentials(accountId);
            boolean admin = account.roles().stream().anyMatch(r -> Roles.ADMINISTRATIVE.contains(r.role()));
            boolean otherFactor = account.secondFactors().stream().anyMatch(f -> !f.equals(VerifiedFactor.WEBAUTHN));
            if (!passkeys.isEmpty() && admin && !otherFactor) {
                events.account(actor, account.tenant(), "account.passkeys-reset", "account/" + accountId, "denied",
                        passkeys.size() + " passkeys: the last second factors of an administrator");
                return null;
            }
            for (CredentialRecord record : passkeys) {
                rp.delete(record.getCredentialId());
            }
            if (!passkeys.isEmpty()) {
                events.account(actor, account.tenant(), "account.passkeys-reset", "account/" + accountId, "success",
                        passkeys.size() + " passkeys revoked");
            }
            return passkeys.size();
        });
        if (revoked == null) {
            // Raised after the commit, so that the ledgered refusal stays.
            throw new ProblemException(ProblemType.CONFLICT, "The passkeys are the only second factor of an account"
                    + " with an administrative role: have it enrol another factor (or revoke the role) first.");
        }
        return revoked;
    }

    @Override
    public Ceremony startPasswordless() {
        return tx.execute(status -> open(null, PASSWORDLESS, rp.discoverableRequestOptions()));
    }

    @Override
    public Passwordless passwordless(String ceremony, String assertionJson, String address) {
        Subject byAddress = Subject.address(Subject.Kind.SECOND_FACTOR, address == null ? "unknown" : address);
        Verdict verdict = throttle.check(byAddress);
        if (!verdict.allowed()) {
            throw verdict.problem();
        }
        PublicKeyCredential<AuthenticatorAssertionResponse> assertion = parsedAssertion(assertionJson);
        Optional<String> options = consume(null, PASSWORDLESS, ceremony);
        CredentialRecord credential = rp.credential(assertion.getRawId());
        String ownerId = credential == null ? null : rp.owner(credential);
        Account account = ownerId == null ? null : accounts.find(ownerId).orElse(null);
        if (account == null) {
            tx.executeWithoutResult(status -> {
                throttle.failure(byAddress);
                events.account(Caller.SYSTEM, null, "account.sign-in-failed", "account/unknown", "failure",
                        "passkey: not registered here");
            });
            throw new ProblemException(ProblemType.SIGNIN_FAILED, FAILED);
        }
        Subject byAccount = Subject.account(Subject.Kind.SECOND_FACTOR, account.id());
        Verdict accountVerdict = throttle.check(byAccount);
        if (!accountVerdict.allowed()) {
            throw accountVerdict.problem();
        }
        Instant now = clock.instant();
        String[] failure = new String[1];
        // The passkey's new counter and last use, the throttle's reset and the ledger event commit together.
        VerifiedFactor factor = tx.execute(status -> {
            failure[0] = refusal(account, options, assertion, now);
            if (failure[0] == null && !RelyingParty.userVerified(assertion)) {
                failure[0] = "the authenticator did not report user verification (a PIN or biometric)";
            }
            if (failure[0] != null) {
                status.setRollbackOnly();
                return null;
            }
            throttle.success(byAccount);
            events.account(IdentityEvents.self(account), account.tenant(), "account.signed-in", "account/" + account.id(),
                    "success", "passkey with user verification (passwordless)");
            return new VerifiedFactor(VerifiedFactor.WEBAUTHN, now);
        });
        if (factor != null) {
            return new Passwordless(account, factor);
        }
        tx.executeWithoutResult(status -> {
            throttle.failure(byAccount, byAddress);
            boolean locked = throttle.check(byAccount).locked();
            events.account(IdentityEvents.self(account), account.tenant(), locked ? "account.locked-out"
                    : "account.sign-in-failed", "account/" + account.id(), "failure",
                    "passkey: refused, " + failure[0]);
        });
        throw new ProblemException(ProblemType.SIGNIN_FAILED, FAILED);
    }

    @Override
    public Ceremony startSecondFactor(String accountId) {
        Account account = accounts.find(accountId).filter(a -> a.state() == AccountState.ACTIVE)
                .orElseThrow(() -> new ProblemException(ProblemType.SIGNIN_FAILED,
                        "Sign in with your password first."));
        if (rp.credentials(account.id()).isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "This account has no passkey: use the code of your"
                    + " authenticator app (POST /api/v1/sessions/current/second-factor).");
        }
        return tx.execute(status -> open(account.id(), SIGN_IN, rp.requestOptions(account.id())));
    }

    @Override
    public VerifiedFactor secondFactor(String accountId, String ceremony, String assertionJson, String address) {
        Subject byAccount = Subject.account(Subject.Kind.SECOND_FACTOR, accountId);
        Subject byAddress = Subject.address(Subject.Kind.SECOND_FACTOR, address == null ? "unknown" : address);
        Verdict verdict = throttle.check(byAccount, byAddress);
        if (!verdict.allowed()) {
            throw verdict.problem();
        }
        Account account = accounts.find(accountId).orElseThrow(() -> new ProblemException(
                ProblemType.SIGNIN_FAILED, "Sign in with your password first."));
        PublicKeyCredential<AuthenticatorAssertionResponse> assertion = parsedAssertion(assertionJson);
        Optional<String> options = consume(accountId, SIGN_IN, ceremony);
        Instant now = clock.instant();
        String[] failure = new String[1];
        // The passkey's new counter and last use, the throttle's reset and the ledger event commit together.
        VerifiedFactor factor = tx.execute(status -> {
            failure[0] = refusal(account, options, assertion, now);
            if (failure[0] != null) {
                status.setRollbackOnly();
                return null;
            }
            throttle.success(byAccount);
            events.account(IdentityEvents.self(account), account.tenant(), "account.second-factor-verified", "account/" + accountId,
                    "success", VerifiedFactor.WEBAUTHN);
            return new VerifiedFactor(VerifiedFactor.WEBAUTHN, now);
        });
        if (factor != null) {
            return factor;
        }
        tx.executeWithoutResult(status -> {
            throttle.failure(byAccount, byAddress);
            boolean locked = throttle.check(byAccount).locked();
            events.account(IdentityEvents.self(account), account.tenant(), locked ? "account.locked-out"
                    : "account.second-factor-failed", "account/" + accountId, "failure",
                    "second factor: passkey refused, " + failure[0]);
        });
        throw new ProblemException(ProblemType.SIGNIN_FAILED, FAILED);
    }

    /**
     * Why an assertion answering {@code options} (empty: the ceremony was unknown, expired or used) is refused
     * for {@code account}, or null when it verifies (in the current transaction, recording the passkey's use).
     */
    private String refusal(Account account, Optional<String> options,
            PublicKeyCredential<AuthenticatorAssertionResponse> assertion, Instant now) {
        return account.state() != AccountState.ACTIVE ? "account " + account.state().code()
                : options.isEmpty() ? "unknown, expired or already answered ceremony"
                : verify(account, options.get(), assertion, now);
    }

    /**
     * Verifies an assertion in the current transaction and records the passkey's use; returns why it was
     * refused, or null. Besides webauthn4j's checks (challenge, origin, relying party, signature, allowed
     * credentials): the passkey must be the account's own, and a signature counter that is in use must grow
     * (Spring checks it only against the registration's).
     */
    private String verify(Account account, String options,
            PublicKeyCredential<AuthenticatorAssertionResponse> assertion, Instant now) {
        CredentialRecord before = rp.credential(assertion.getRawId());
        if (before == null || rp.credentials(account.id()).stream()
                .noneMatch(c -> c.getCredentialId().equals(before.getCredentialId()))) {
            return "not a passkey of this account";
        }
        String owner;
        try {
            owner = rp.authenticate(options, assertion);
        } catch (PasskeyRefused e) {
            return e.getMessage();
        }
        if (!account.id().equals(owner)) {
            return "not a passkey of this account";
        }
        CredentialRecord after = rp.credential(assertion.getRawId());
        long count = after.getSignatureCount();
        if ((count != 0 || before.getSignatureCount() != 0) && count <= before.getSignatureCount()) {
            return "the signature counter did not grow (a replayed answer or a cloned authenticator)";
        }
        rp.save(ImmutableCredentialRecord.fromCredentialRecord(after).lastUsed(now).build());
        return null;
    }

    /** The assertion parsed, or a validation problem (400) saying what is wrong with it. */
    private PublicKeyCredential<AuthenticatorAssertionResponse> parsedAssertion(String assertionJson) {
        try {
            return rp.assertion(assertionJson);
        } catch (PasskeyRefused e) {
            throw new ProblemException(ProblemType.VALIDATION, "The passkey answer is malformed: " + e.getMessage()
                    + ".", Map.of("field", "credential"));
        }
    }

    /** Stores a new ceremony's options; drops expired ceremonies and the account's oldest beyond the limit. */
    private Ceremony open(String accountId, String purpose, String options) {
        Instant now = clock.instant();
        Instant expires = now.plus(CEREMONY_VALIDITY);
        jdbc.sql("DELETE FROM webauthn_ceremonies WHERE expires_at <= ?").param(instants.bind(now)).update();
        if (accountId == null) {
            // Anyone may open a passwordless ceremony: bound them all, so nobody can fill the table.
            long open = jdbc.sql("SELECT count(*) FROM webauthn_ceremonies WHERE purpose = ?").param(purpose)
                    .query(Long.class).single();
            if (open >= MAX_PASSWORDLESS_CEREMONIES) {
                throw new ProblemException(ProblemType.SIGNIN_THROTTLED, "Too many passkey sign-ins are in progress;"
                        + " try again in a few minutes, or sign in with your password. / Troppi accessi con passkey"
                        + " in corso: riprovare tra qualche minuto, o accedere con la password.",
                        Map.of("retryAfterSeconds", CEREMONY_VALIDITY.toSeconds(), "locked", false));
            }
        } else {
            List<String> waiting = jdbc.sql("SELECT id FROM webauthn_ceremonies WHERE account_id = ? AND purpose = ?"
                    + " ORDER BY created_at DESC, id").params(accountId, purpose).query(String.class).list();
            for (String old : waiting.subList(Math.min(waiting.size(), CEREMONIES_PER_ACCOUNT - 1), waiting.size())) {
                jdbc.sql("DELETE FROM webauthn_ceremonies WHERE id = ?").param(old).update();
            }
        }
        String id = "cer-" + Secrets.random(160);
        jdbc.sql("INSERT INTO webauthn_ceremonies (id, account_id, purpose, options, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)").params(id, accountId, purpose, options, instants.bind(now),
                        instants.bind(expires)).update();
        return new Ceremony(id, options, expires);
    }

    /** Takes a ceremony's options, once: of two answers to one ceremony, only one gets them. */
    private Optional<String> consume(String accountId, String purpose, String ceremony) {
        if (ceremony == null || ceremony.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // A passwordless ceremony (no account) is matched by its purpose, which has no account by construction.
        String account = accountId == null ? "account_id IS NULL" : "account_id = ?";
        Object[] params = accountId == null ? new Object[] {ceremony, purpose, instants.bind(now)}
                : new Object[] {ceremony, accountId, purpose, instants.bind(now)};
        return tx.execute(status -> {
            Optional<String> options = jdbc.sql("SELECT options FROM webauthn_ceremonies WHERE id = ? AND " + account
                    + " AND purpose = ? AND expires_at > ?").params(params).query(String.class).optional();
            if (options.isEmpty()) {
                return Optional.<String>empty();
            }
            int taken = jdbc.sql("DELETE FROM webauthn_ceremonies WHERE id = ? AND purpose = ?")
                    .params(ceremony, purpose).update();
            return taken == 1 ? options : Optional.<String>empty();
        });
    }

    /** Changing the passkeys of an account that has a second factor needs a recent one (else a password would do). */
    private void requireStepUpIfEnrolled(Caller self, Account account, String what) {
        if (account.mfaEnrolled() && !self.hasFreshSecondFactor(clock.instant(), stepUpWindow)) {
            throw new ProblemException(ProblemType.STEP_UP_REQUIRED, "To " + what + " for an account that already"
                    + " has a second factor, verify one first (within the last " + stepUpWindow.toMinutes()
                    + " minutes): sign in with it, or send a current code as X-Custodia-OTP.");
        }
    }

    private CredentialRecord owned(Account account, String id) {
        if (id != null && ID.matcher(id).matches()) {
            for (CredentialRecord record : rp.credentials(account.id())) {
                if (id(record).equals(id)) {
                    return record;
                }
            }
        }
        throw new ProblemException(ProblemType.NOT_FOUND, "You have no passkey " + id + ".");
    }

    private Account activeOwner(Caller self) {
        String id = self.owner();
        Account account = id == null ? null : accounts.find(id).orElse(null);
        if (account == null || account.state() != AccountState.ACTIVE) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only an active account can manage its own passkeys;"
                    + " this credential belongs to no account.");
        }
        if (account.service()) {
            throw JdbcAccounts.noSecondFactor();
        }
        return account;
    }

    /** A passkey's public id: {@code pk-} and the first 16 hex digits of the SHA-256 of its credential id. */
    static String id(CredentialRecord record) {
        return "pk-" + Secrets.sha256("webauthn:" + record.getCredentialId().toBase64UrlString()).substring(0, 16);
    }

    private static Passkey view(CredentialRecord record) {
        return new Passkey(id(record), record.getLabel(), record.getCreated(), record.getLastUsed());
    }

    private static String label(String label) {
        String text = label == null ? "" : label.strip();
        if (!LABEL.matcher(text).matches()) {
            throw new ProblemException(ProblemType.VALIDATION, "label is required: 1-100 printable characters, e.g."
                    + " the device it is on.", Map.of("field", "label"));
        }
        return text;
    }


}
