package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.Passkeys;
import eu.custodia.server.identity.SignIns;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys (WebAuthn). One's own, under {@code /api/v1/account/passkeys} ({@link Permission#ACCOUNT_SELF},
 * always the caller's own account): {@code POST /options} then {@code POST} the authenticator's answer to
 * register one, {@code GET} to list, {@code PATCH /{id}} to rename, {@code DELETE /{id}} to revoke. As the
 * second step of a sign-in: {@code POST /api/v1/sessions/current/passkey/options}, then
 * {@code POST /api/v1/sessions/current/passkey} with the assertion; like the code step, it adds the factor to
 * the session and changes the session id. Each ceremony's options are kept server-side under the
 * {@code ceremony} id returned with them (see {@link Passkeys}). An administrator resets another account's
 * passkeys with {@code DELETE /api/v1/accounts/{id}/passkeys}. Passwordless sign-in, a passkey with user
 * verification alone: {@code POST /api/v1/sessions/passkey/options}, then {@code POST /api/v1/sessions/passkey}.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
final class PasskeyController {

    /** Passwordless sign-in: its options, and its answer. Open (the passkey is the credential), no CSRF token. */
    static final String PASSWORDLESS_OPTIONS = "/api/v1/sessions/passkey/options";
    static final String PASSWORDLESS = "/api/v1/sessions/passkey";

    private final Passkeys passkeys;
    private final SignIns signIns;
    private final Accounts accounts;
    private final DecisionPoint decisions;
    private final JsonMapper json;

    PasskeyController(Passkeys passkeys, SignIns signIns, Accounts accounts, DecisionPoint decisions,
            JsonMapper json) {
        this.passkeys = passkeys;
        this.signIns = signIns;
        this.accounts = accounts;
        this.decisions = decisions;
        this.json = json;
    }

    /**
     * A ceremony's options for {@code navigator.credentials.create/get({publicKey})} (binary fields base64url,
     * as {@code PublicKeyCredential.parseCreationOptionsFromJSON/parseRequestOptionsFromJSON} read them).
     */
    record CeremonyView(String ceremony, JsonNode publicKey, Instant expiresAt) {
    }

    /** A registration answer: the ceremony, a label and {@code PublicKeyCredential.toJSON()}. */
    record Registration(String ceremony, String label, JsonNode credential) {
    }

    /** A new label. */
    record Label(String label) {
    }

    /** A sign-in answer: the ceremony and {@code PublicKeyCredential.toJSON()} of the assertion. */
    record Assertion(String ceremony, JsonNode credential) {
    }

    @PostMapping("/api/v1/account/passkeys/options")
    ResponseEntity<CeremonyView> registrationOptions() {
        return noStore(HttpStatus.OK, view(passkeys.startRegistration(self())));
    }

    @PostMapping("/api/v1/account/passkeys")
    ResponseEntity<Passkeys.Passkey> register(@RequestBody Registration registration) {
        Caller caller = self();
        return noStore(HttpStatus.CREATED, passkeys.register(caller, registration.ceremony(),
                text(registration.credential()), registration.label()));
    }

    @GetMapping("/api/v1/account/passkeys")
    List<Passkeys.Passkey> list() {
        return passkeys.list(self());
    }

    @PatchMapping("/api/v1/account/passkeys/{id}")
    Passkeys.Passkey rename(@PathVariable String id, @RequestBody Label label) {
        return passkeys.rename(self(), id, label.label());
    }

    @DeleteMapping("/api/v1/account/passkeys/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        passkeys.revoke(self(), id);
        return ResponseEntity.noContent().build();
    }

    /** How many passkeys an administrator's reset revoked. */
    record Reset(String account, int revoked) {
    }

    /**
     * An administrator revokes every passkey of an account (a user who lost their authenticators):
     * {@link Permission#USERS_ADMIN} on the account's tenant, so a recent second factor. An unknown account is
     * decided on the platform, so a tenant's administrator learns nothing about ids outside its tenant.
     */
    @DeleteMapping("/api/v1/accounts/{id}/passkeys")
    Reset reset(@PathVariable String id) {
        Caller caller = CurrentCaller.get();
        Account account = accounts.find(id).orElse(null);
        decisions.require(caller, Permission.USERS_ADMIN, account == null ? null : account.tenant());
        if (account == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No account " + id + ".");
        }
        return new Reset(account.id(), passkeys.resetPasskeys(caller, account.id()));
    }

    /** Options for a passwordless sign-in: open to anyone, no session needed (see {@link Passkeys#startPasswordless}). */
    @PostMapping(PASSWORDLESS_OPTIONS)
    ResponseEntity<CeremonyView> passwordlessOptions() {
        return noStore(HttpStatus.OK, view(passkeys.startPasswordless()));
    }

    /**
     * A passwordless sign-in: a passkey with user verification, and nothing else. Creates the session as the
     * password sign-in does (a new id if one existed: no fixation), with the passkey as its verified factor.
     */
    @PostMapping(PASSWORDLESS)
    ResponseEntity<SessionController.SessionView> passwordless(@RequestBody Assertion assertion,
            HttpServletRequest request, CsrfToken csrf) {
        Passkeys.Passwordless done = passkeys.passwordless(assertion.ceremony(), text(assertion.credential()),
                request.getRemoteAddr());
        SessionState state = SessionController.startSession(request, done.account().id(), done.factor());
        Caller caller = signIns.sessionCaller(done.account().id(), state.verifiedFactors()).orElseThrow(
                () -> new ProblemException(ProblemType.UNAUTHENTICATED, "This account is no longer active."));
        return noStore(HttpStatus.CREATED, new SessionController.SessionView(caller.id(), caller.kind(),
                caller.roles().stream().sorted().toList(), state.verifiedFactors(), caller.mfaAssured(),
                done.account().mfaEnrolled(), state.signedInAt(), csrf.getToken()));
    }

    @PostMapping("/api/v1/sessions/current/passkey/options")
    ResponseEntity<CeremonyView> signInOptions(HttpServletRequest request) {
        SessionState state = signedIn(request);
        return noStore(HttpStatus.OK, view(passkeys.startSecondFactor(state.accountId())));
    }

    @PostMapping("/api/v1/sessions/current/passkey")
    ResponseEntity<SessionController.SessionView> signIn(@RequestBody Assertion assertion, HttpServletRequest request,
            CsrfToken csrf) {
        SessionState state = signedIn(request);
        VerifiedFactor factor = passkeys.secondFactor(state.accountId(), assertion.ceremony(),
                text(assertion.credential()), request.getRemoteAddr());
        HttpSession session = request.getSession(false);
        SessionState stepped = state.with(factor);
        session.setAttribute(SessionState.ATTRIBUTE, stepped);
        request.changeSessionId();
        Caller caller = signIns.sessionCaller(stepped.accountId(), stepped.verifiedFactors()).orElseThrow(
                () -> new ProblemException(ProblemType.UNAUTHENTICATED, "This account is no longer active."));
        boolean enrolled = accounts.find(caller.owner()).map(Account::mfaEnrolled).orElse(false);
        return noStore(HttpStatus.OK, new SessionController.SessionView(caller.id(), caller.kind(),
                caller.roles().stream().sorted().toList(), stepped.verifiedFactors(), caller.mfaAssured(), enrolled,
                stepped.signedInAt(), csrf.getToken()));
    }

    private static SessionState signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        SessionState state = session == null ? null : (SessionState) session.getAttribute(SessionState.ATTRIBUTE);
        if (state == null) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "Sign in with your username and password first"
                    + " (POST /api/v1/sessions).");
        }
        return state;
    }

    private Caller self() {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ACCOUNT_SELF, caller.tenant());
        return caller;
    }

    private CeremonyView view(Passkeys.Ceremony ceremony) {
        return new CeremonyView(ceremony.id(), json.readTree(ceremony.publicKeyJson()), ceremony.expiresAt());
    }

    private static String text(JsonNode credential) {
        if (credential == null || !credential.isObject()) {
            throw new ProblemException(ProblemType.VALIDATION, "credential is required: the authenticator's"
                    + " PublicKeyCredential as JSON (PublicKeyCredential.toJSON(), binary fields base64url).",
                    Map.of("field", "credential"));
        }
        return credential.toString();
    }

    private static <T> ResponseEntity<T> noStore(HttpStatus status, T body) {
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }
}
