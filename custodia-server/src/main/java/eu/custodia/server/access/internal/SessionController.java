package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.SignIns;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.tlog.merkle.Rfc9162;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Interactive sign-in with server-side sessions under {@code /api/v1/sessions}: {@code POST} a username and
 * password (open), then {@code POST /current/second-factor} a TOTP or recovery code; {@code GET /current},
 * {@code DELETE /current} (sign out), and one's own sessions: {@code GET} lists them, {@code DELETE /{handle}}
 * ends one. The session id changes at each sign-in step (no fixation); the cookie is
 * {@code __Host-custodia-session} (Secure, HttpOnly, SameSite=Strict). State-changing requests of a session
 * carry its CSRF token ({@code X-CSRF-TOKEN}), returned by sign-in and by {@code GET /current}.
 */
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
final class SessionController {

    private final SignIns signIns;
    private final Accounts accounts;
    private final DecisionPoint decisions;
    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    SessionController(SignIns signIns, Accounts accounts, DecisionPoint decisions,
            FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.signIns = signIns;
        this.accounts = accounts;
        this.decisions = decisions;
        this.sessions = sessions;
    }

    /** A username and password. */
    record Credentials(String username, String password) {
    }

    /** A one-time code (TOTP or recovery code). */
    record Code(String code) {
    }

    /** The current session as its owner sees it. */
    record SessionView(String account, String kind, List<String> roles, List<VerifiedFactor> factors,
            boolean secondFactorVerified, boolean secondFactorEnrolled, Instant signedInAt, String csrfToken) {
    }

    /** One of the caller's sessions: a handle (not the session id), when it started, when it was last used. */
    record SessionItem(String handle, Instant createdAt, Instant lastAccessedAt, boolean current) {
    }

    @PostMapping("/api/v1/sessions")
    ResponseEntity<SessionView> signIn(@RequestBody Credentials credentials, HttpServletRequest request,
            CsrfToken csrf) {
        SignIns.PasswordSignIn done = signIns.password(credentials.username(), credentials.password(),
                request.getRemoteAddr());
        SessionState state = startSession(request, done.account().id(), done.factor());
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(view(done.account(), state, csrf));
    }

    /**
     * Starts the signed-in session of {@code accountId} with its first verified factor. A session that exists
     * already (an earlier sign-in, or the CSRF token's) gets a new id: no fixation.
     */
    static SessionState startSession(HttpServletRequest request, String accountId, VerifiedFactor factor) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession(true);
        SessionState state = SessionState.signedIn(accountId, factor);
        session.setAttribute(SessionState.ATTRIBUTE, state);
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, accountId);
        return state;
    }

    @PostMapping("/api/v1/sessions/current/second-factor")
    ResponseEntity<SessionView> secondFactor(@RequestBody Code code, HttpServletRequest request, CsrfToken csrf) {
        HttpSession session = request.getSession(false);
        SessionState state = session == null ? null : (SessionState) session.getAttribute(SessionState.ATTRIBUTE);
        if (state == null) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "Sign in with your username and password first"
                    + " (POST /api/v1/sessions).");
        }
        VerifiedFactor factor = signIns.secondFactor(state.accountId(), code.code(), request.getRemoteAddr());
        SessionState stepped = state.with(factor);
        session.setAttribute(SessionState.ATTRIBUTE, stepped);
        request.changeSessionId();
        Caller caller = signIns.sessionCaller(stepped.accountId(), stepped.verifiedFactors()).orElseThrow(
                () -> new ProblemException(ProblemType.UNAUTHENTICATED, "This account is no longer active."));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(view(caller, stepped, csrf));
    }

    @GetMapping("/api/v1/sessions/current")
    ResponseEntity<SessionView> current(HttpServletRequest request, CsrfToken csrf) {
        Caller caller = self();
        HttpSession session = request.getSession(false);
        SessionState state = session == null ? null : (SessionState) session.getAttribute(SessionState.ATTRIBUTE);
        if (state == null) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "This request is not made with a session.");
        }
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(view(caller, state, csrf));
    }

    @DeleteMapping("/api/v1/sessions/current")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        self();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/sessions")
    List<SessionItem> list(HttpServletRequest request) {
        Caller caller = self();
        HttpSession current = request.getSession(false);
        return sessions.findByPrincipalName(caller.owner()).values().stream()
                .sorted(Comparator.comparing(Session::getCreationTime).reversed())
                .map(s -> new SessionItem(handle(s.getId()), s.getCreationTime(), s.getLastAccessedTime(),
                        current != null && current.getId().equals(s.getId())))
                .toList();
    }

    @DeleteMapping("/api/v1/sessions/{handle}")
    ResponseEntity<Void> end(@PathVariable String handle) {
        Caller caller = self();
        Map<String, ? extends Session> mine = sessions.findByPrincipalName(caller.owner());
        String id = mine.keySet().stream().filter(k -> handle(k).equals(handle)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "You have no session " + handle + "."));
        sessions.deleteById(id);
        return ResponseEntity.noContent().build();
    }

    private Caller self() {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ACCOUNT_SELF, caller.tenant());
        return caller;
    }

    private SessionView view(Account account, SessionState state, CsrfToken csrf) {
        return new SessionView(account.id(), account.kind(),
                account.roles().stream().map(Account.RoleAssignment::role).sorted().toList(), state.verifiedFactors(),
                state.verifiedFactors().stream().anyMatch(VerifiedFactor::second), account.mfaEnrolled(),
                state.signedInAt(), csrf.getToken());
    }

    private SessionView view(Caller caller, SessionState state, CsrfToken csrf) {
        boolean enrolled = accounts.find(caller.owner()).map(Account::mfaEnrolled).orElse(false);
        return new SessionView(caller.id(), caller.kind(), caller.roles().stream().sorted().toList(),
                state.verifiedFactors(), caller.mfaAssured(), enrolled, state.signedInAt(), csrf.getToken());
    }

    /** A session's public handle: the first 16 hex digits of the SHA-256 of its id (the id itself is a secret). */
    static String handle(String sessionId) {
        byte[] digest = Rfc9162.newDigest().digest(sessionId.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
