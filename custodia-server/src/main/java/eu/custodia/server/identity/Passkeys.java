package eu.custodia.server.identity;

import java.time.Instant;
import java.util.List;

/**
 * Passkeys (WebAuthn) as a second factor: registered by their owner, listed, renamed and revoked, and
 * verified at sign-in after the password. Each WebAuthn ceremony takes two calls: the first returns the
 * options for the browser ({@code navigator.credentials.create} or {@code get}) and a ceremony id, the second
 * sends the authenticator's answer with that id. A ceremony is kept server-side, bound to its account and
 * purpose, for 5 minutes, and is consumed by the first answer, right or wrong. Every change and every
 * sign-in attempt is ledgered by account and passkey id, never with key material or the label.
 * Authorization (who may call these) is the decision point's job; the rules that hold whoever calls (an
 * account that has a second factor adds or revokes one only with a recent one; an administrator's last
 * factor cannot be revoked) are enforced here.
 */
public interface Passkeys {

    /**
     * Starts registering a passkey for the caller's own account ({@link Caller#owner()}).
     *
     * @throws eu.custodia.server.platform.ProblemException forbidden for a credential of no active account;
     *     step-up-required when the account has a second factor and the caller verified none within the
     *     step-up window
     */
    Ceremony startRegistration(Caller self);

    /**
     * Finishes a registration: verifies the authenticator's answer (the {@code PublicKeyCredential} as JSON,
     * binary fields base64url) against the ceremony's options and stores the passkey under {@code label}.
     *
     * @throws eu.custodia.server.platform.ProblemException validation for an unknown, expired or used ceremony,
     *     a malformed or unverifiable credential, or a bad label; the same step-up rule as the start
     */
    Passkey register(Caller self, String ceremony, String credentialJson, String label);

    /** The passkeys of the caller's own account, oldest first. */
    List<Passkey> list(Caller self);

    /**
     * Renames one of the caller's passkeys.
     *
     * @throws eu.custodia.server.platform.ProblemException not-found, validation for a bad label
     */
    Passkey rename(Caller self, String id, String label);

    /**
     * Revokes one of the caller's passkeys at once.
     *
     * @throws eu.custodia.server.platform.ProblemException not-found; conflict when it is the last second
     *     factor of an account holding an administrative role; the same step-up rule as registration
     */
    void revoke(Caller self, String id);

    /**
     * Revokes every passkey of another account at once, for an administrator helping a user who lost their
     * authenticators (ledgered in the account's log with the number revoked, never their ids' key material).
     * The account's sessions stay; its next sign-in needs another factor, or a new passkey registered with
     * one. Authorization ({@code users:admin} on the account's tenant, with a recent second factor) is the
     * caller's job.
     *
     * @return how many passkeys were revoked (0 when it had none)
     * @throws eu.custodia.server.platform.ProblemException not-found for an unknown account; conflict when the
     *     account holds an administrative role and its passkeys are its only second factor
     */
    int resetPasskeys(Caller actor, String accountId);

    /**
     * Starts a passwordless sign-in: request options that name no account (the browser offers the discoverable
     * passkeys it holds for this site) and require user verification, so that the passkey alone proves two
     * factors: the device, and the PIN or biometric that unlocks it (NIST SP 800-63B multi-factor
     * cryptographic authenticator). Open to anyone; at most 10,000 such ceremonies are open at once.
     *
     * @throws eu.custodia.server.platform.ProblemException signin-throttled (429) when that many are open
     */
    Ceremony startPasswordless();

    /**
     * Finishes a passwordless sign-in: the assertion must answer the ceremony, verify against a registered
     * passkey, carry the user-verified flag, and belong to an active account. Throttled per address and per
     * account (the second-factor counters), ledgered like a password sign-in ({@code account.signed-in},
     * {@code account.sign-in-failed}, {@code account.locked-out}).
     *
     * @throws eu.custodia.server.platform.ProblemException {@code signin-failed} (401) for anything that does
     *     not verify (one answer for an unknown passkey and a wrong one), {@code signin-throttled} (429),
     *     validation (400) for a body that is not a credential
     */
    Passwordless passwordless(String ceremony, String assertionJson, String address);

    /** A passwordless sign-in: the account and its verified passkey (a second factor by itself). */
    record Passwordless(Account account, VerifiedFactor factor) {
    }

    /**
     * Starts the passkey step of a sign-in: request options naming the account's passkeys.
     *
     * @throws eu.custodia.server.platform.ProblemException conflict when the account has no passkey
     */
    Ceremony startSecondFactor(String accountId);

    /**
     * Checks a passkey assertion (the {@code PublicKeyCredential} as JSON) of a signed-in account against the
     * ceremony it answers. Throttled and ledgered like every second factor.
     *
     * @param address the client's address, for the per-address counter
     * @throws eu.custodia.server.platform.ProblemException {@code signin-failed} (401) for anything that does
     *     not verify, {@code signin-throttled} (429), validation (400) for a body that is not a credential
     */
    VerifiedFactor secondFactor(String accountId, String ceremony, String assertionJson, String address);

    /**
     * A started ceremony.
     *
     * @param id the ceremony id, sent back with the authenticator's answer
     * @param publicKeyJson the options for {@code navigator.credentials.create/get({publicKey: …})}, as JSON
     *     (binary fields base64url, as {@code PublicKeyCredential.parseCreationOptionsFromJSON} reads them)
     * @param expiresAt when the ceremony stops being accepted
     */
    record Ceremony(String id, String publicKeyJson, Instant expiresAt) {
    }

    /**
     * A registered passkey, as its owner sees it. Carries no key material.
     *
     * @param id {@code pk-} and 16 hex digits, derived from the credential id
     * @param label the owner's name for it
     * @param createdAt when it was registered
     * @param lastUsedAt when it last verified a sign-in (its registration until then)
     */
    record Passkey(String id, String label, Instant createdAt, Instant lastUsedAt) {
    }
}
