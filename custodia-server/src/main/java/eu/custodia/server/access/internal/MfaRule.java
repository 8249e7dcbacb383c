package eu.custodia.server.access.internal;

import eu.custodia.server.access.Decision;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Multi-factor policy, in the decision point rather than in handlers (commitment 6). Two checks, each a
 * deny that tells the client to step up (401 {@code step-up-required}):
 * <ul>
 *   <li>{@value #REQUIRED}: when only an administrative role of the caller would grant the request, the
 *       caller must carry a second factor ({@link Caller#mfaAssured()}): a session that verified one, or a
 *       key its owner created right after verifying one. A password alone, or a key of an owner without a
 *       second factor, carries no administrative authority;</li>
 *   <li>{@value #FRESH}: a sensitive permission (role grants, key operations) needs a second factor
 *       verified within the step-up window (default 10 minutes) — for a key, a one-time code sent with the
 *       request ({@code X-Custodia-OTP}).</li>
 * </ul>
 * A caller of a tenant whose policy requires a second factor of every user ({@link Caller#mfaRequired()},
 * the {@code strict} profile) may do nothing but enrol one until it has verified one.
 * Like Spring Security 7's {@code AllRequiredFactorsAuthorizationManager} with a {@code validDuration}; the
 * factors come from the {@link Caller}, whatever the credential. Otherwise it abstains.
 */
final class MfaRule implements AccessRule {

    static final String NAME = "mfa";
    static final String REQUIRED = "mfa-required";
    static final String FRESH = "mfa-fresh";

    private final Clock clock;
    private final Duration window;

    MfaRule(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Decision> evaluate(AccessRequest request) {
        Caller caller = request.caller();
        if (caller.mfaRequired() && !caller.mfaAssured() && request.permission() != Permission.ACCOUNT_SELF) {
            return Optional.of(Decision.deny(REQUIRED, "tenant " + caller.tenant() + " requires a second factor of"
                    + " every user: enrol one (POST /api/v1/account/totp) and sign in with it"));
        }
        List<String> plain = caller.roles().stream().filter(r -> !Roles.ADMINISTRATIVE.contains(r)).toList();
        boolean adminOnly = !RolePermissionRule.grants(plain, request)
                && RolePermissionRule.grants(caller.roles(), request);
        if (adminOnly && !caller.mfaAssured()) {
            return Optional.of(Decision.deny(REQUIRED, "administrative roles grant nothing without a second factor:"
                    + " sign in with one, or use a key created after a step-up by an owner who has one"));
        }
        if (request.permission().sensitive() && RolePermissionRule.grants(caller.roles(), request)
                && !caller.hasFreshSecondFactor(clock.instant(), window)) {
            return Optional.of(Decision.deny(FRESH, request.permission().code() + " needs a second factor verified"
                    + " within the last " + window.toMinutes() + " minutes: step up (send a current one-time code"
                    + " as X-Custodia-OTP)"));
        }
        return Optional.empty();
    }
}
