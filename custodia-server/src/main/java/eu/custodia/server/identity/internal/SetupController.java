package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.SetupStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/setup} with {@code Authorization: Bearer <setup token>}: consumes the token and
 * returns the first platform administrator's API key, once. Open to unauthenticated callers: the token
 * is the credential.
 */
@RestController
final class SetupController {

    private static final String BEARER = "Bearer ";

    private final SetupTokens tokens;

    SetupController(SetupTokens tokens) {
        this.tokens = tokens;
    }

    /** Optionally, the administrator's username (default {@code admin}). */
    record SetupRequest(String username) {
    }

    /**
     * What setup returns, once: the administrator's key ({@code token}), its account, and the pending TOTP
     * enrolment to confirm with {@code POST /api/v1/account/totp/confirm} before the key may administer.
     */
    record SetupResponse(ApiKey key, String token, String account, Accounts.TotpEnrolment totp, String next) {
    }

    @PostMapping(SetupStatus.SETUP_PATH)
    ResponseEntity<SetupResponse> setup(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestBody(required = false) SetupRequest request) {
        if (auth == null || !auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw SetupTokens.rejected();
        }
        SetupTokens.Completed done = tokens.complete(auth.substring(BEARER.length()).trim(),
                request == null ? null : request.username());
        SetupResponse body = new SetupResponse(done.key().key(), done.key().token(), done.account(), done.totp(),
                "Add the TOTP secret to an authenticator app, then POST /api/v1/account/totp/confirm {\"code\": \"<current"
                        + " code>\"} with this key: until then the key has no administrative authority.");
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }
}
