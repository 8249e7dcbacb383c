package eu.custodia.server.identity;

import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform administrators as the policy makes them: a staff account with TOTP enrolled (through the real
 * enrolment), a confidentiality agreement, the platform-admin role, and an API key created right after a verified second factor. Each
 * carries its ten recovery codes, handed out one at a time as step-up codes ({@code X-Custodia-OTP}), so a
 * test can make several sensitive requests without waiting for new TOTP time steps.
 */
public final class TestAdministrators {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestAdministrators() {
    }

    /**
     * An administrator.
     *
     * @param account its account id
     * @param secret its TOTP secret
     * @param key its administrative API key
     * @param caller the account as a caller that verified its TOTP just now
     */
    public record Admin(String account, TotpSecret secret, IssuedKey key, Caller caller, Deque<String> recoveryCodes) {

        /** The bearer token of its key. */
        public String token() {
            return key.token();
        }

        /** An unused one-time code for {@code X-Custodia-OTP} (a recovery code, consumed by its use). */
        public String otp() {
            return recoveryCodes.pop();
        }
    }

    /** Creates an administrator through the real enrolment; {@code clock} is the application's clock. */
    public static Admin create(Accounts accounts, ApiKeys keys, Clock clock) {
        return create(accounts, keys, clock, Roles.PLATFORM_ADMIN, null);
    }

    /**
     * Creates a staff member holding {@code role} on the platform (an administrative role or not) the same
     * way: TOTP, a confidentiality agreement, the role (granted by the platform's own code, so without a second
     * person's approval), and a key with it created after a verified code.
     */
    public static Admin createStaff(Accounts accounts, ApiKeys keys, Clock clock, String role) {
        return create(accounts, keys, clock, role, null);
    }

    /**
     * Creates an administrator of one tenant (a tenant user with TOTP, the tenant-admin role on it, and a
     * key bound to it created after a verified code); {@code clock} is the application's clock.
     */
    public static Admin createTenantAdmin(Accounts accounts, ApiKeys keys, Clock clock,
            eu.custodia.server.platform.TenantId tenant) {
        return create(accounts, keys, clock, Roles.TENANT_ADMIN, tenant);
    }

    private static Admin create(Accounts accounts, ApiKeys keys, Clock clock, String role,
            eu.custodia.server.platform.TenantId tenant) {
        String kind = tenant == null ? Account.STAFF : Account.TENANT_USER;
        Accounts.Invitation invitation = accounts.invite(SYSTEM, kind, tenant,
                "admin-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime());
        String id = invitation.account().id();
        accounts.acceptInvitation(invitation.token(), "correct horse battery staple " + id);
        Caller self = new Caller(id, kind, Set.of(), tenant, List.of(), id, List.of(), false);
        Accounts.TotpEnrolment enrolment = accounts.startTotp(self);
        TotpSecret secret = TotpSecret.fromBase32(enrolment.secret());
        Totp totp = Totp.withDefaults(clock);
        List<String> recovery = accounts.confirmTotp(self, totp.code(secret, totp.currentStep()));
        if (tenant == null) {
            // Staff: a role that touches production needs a valid confidentiality agreement first.
            eu.custodia.server.access.TestAgreements.register(accounts, id);
        }
        accounts.grantRole(SYSTEM, id, role, tenant);
        Deque<String> codes = new ArrayDeque<>(recovery);
        VerifiedFactor factor = accounts.verifySecondFactor(id, codes.pop()).orElseThrow();
        Caller caller = new Caller(id, kind, Set.of(role), tenant, List.of(factor.kind()), id,
                List.of(factor), true);
        IssuedKey key = keys.create(caller, Set.of(role), tenant, "test administrator");
        return new Admin(id, secret, key, caller, codes);
    }
}
