package eu.custodia.bench.ledger;

import eu.custodia.server.access.Agreements;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's platform administrator, made as the policy requires: an account with TOTP enrolled, given
 * the platform-admin role, and an API key created right after a verified code, so the key carries
 * administrative authority.
 */
public final class BenchAdministrator {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    private BenchAdministrator() {
    }

    /** Returns the bearer token of a new administrator's key. */
    public static String create(Accounts accounts, ApiKeys keys, Agreements agreements, Clock clock) {
        Accounts.Invitation invitation = accounts.invite(SYSTEM, Account.STAFF, null, "bench-" + System.nanoTime());
        String id = invitation.account().id();
        accounts.acceptInvitation(invitation.token(), "ledger benchmark administrator " + id);
        Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
        TotpSecret secret = TotpSecret.fromBase32(accounts.startTotp(self).secret());
        Totp totp = Totp.withDefaults(clock);
        accounts.confirmTotp(self, totp.code(secret, totp.currentStep()));
        // A production role needs a valid confidentiality agreement (a year's, signed today).
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        agreements.register(SYSTEM, id, new Agreements.NewAgreement(Agreements.EMPLOYMENT_CONFIDENTIALITY, today,
                today.plusYears(1), "0".repeat(63) + "1"));
        // An administrator's key carries the role only while the account holds it.
        accounts.grantRole(SYSTEM, id, Roles.PLATFORM_ADMIN, null);
        VerifiedFactor factor = accounts.verifySecondFactor(id, totp.code(secret, totp.currentStep() + 1))
                .orElseThrow(() -> new IllegalStateException("the administrator's TOTP code was refused"));
        return keys.create(self.withFactor(factor), Set.of(Roles.PLATFORM_ADMIN), null, "ledger benchmark").token();
    }
}
