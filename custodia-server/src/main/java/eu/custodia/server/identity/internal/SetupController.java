package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.SetupStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
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

    @PostMapping(SetupStatus.SETUP_PATH)
    ResponseEntity<IssuedKey> setup(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        if (auth == null || !auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw SetupTokens.rejected();
        }
        IssuedKey admin = tokens.complete(auth.substring(BEARER.length()).trim());
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store").body(admin);
    }
}
