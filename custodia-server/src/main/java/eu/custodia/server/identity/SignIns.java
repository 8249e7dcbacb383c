package eu.custodia.server.identity;

import java.util.List;
import java.util.Optional;

/**
 * Interactive sign-in: a password, then a second factor. Both steps are throttled per account and per
 * address with separate counters for passwords and second factors; a password failure answers the same,
 * in the same time, whether or not the username exists. Every success, failure and lockout is ledgered
 * (the platform log for staff, the tenant's log for its users), never with the username or a secret.
 */
public interface SignIns {

    /**
     * Checks a username and password.
     *
     * @param address the client's address, for the per-address counter
     * @return the account that signed in and the verified password factor
     * @throws eu.custodia.server.platform.ProblemException {@code signin-failed} (401, the same for an unknown
     *     username, a wrong password or an account that is not active) or {@code signin-throttled} (429, with
     *     {@code retryAfterSeconds} and the notice in English and Italian)
     */
    PasswordSignIn password(String username, String password, String address);

    /**
     * Checks a second factor (a TOTP code or a recovery code) of a signed-in account.
     *
     * @throws eu.custodia.server.platform.ProblemException {@code signin-failed} or {@code signin-throttled}
     */
    VerifiedFactor secondFactor(String accountId, String code, String address);

    /**
     * The caller a session stands for: the account's current roles and tenant with the factors the session
     * verified, or empty when the account is no longer active (its sessions end at once).
     */
    Optional<Caller> sessionCaller(String accountId, List<VerifiedFactor> factors);

    /**
     * A password sign-in that succeeded.
     *
     * @param account the account
     * @param factor the verified password factor
     */
    record PasswordSignIn(Account account, VerifiedFactor factor) {
    }
}
