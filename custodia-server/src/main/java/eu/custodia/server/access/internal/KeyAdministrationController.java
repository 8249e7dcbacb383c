package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.ApiKey;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * API key administration under {@code /api/v1/keys}: create (the token is in that response only), list
 * (never secrets), revoke (effective on the next request). Every handler asks the decision point for
 * {@link Permission#KEYS_ADMIN} (a sensitive
 * permission: a second factor verified within the step-up window, e.g. {@code X-Custodia-OTP}) or, to read,
 * {@link Permission#KEYS_READ}; the identity module stores the keys and ledgers each change. It lives in
 * the access module because granting roles is access administration, and so that identity does not
 * depend on the decision point that depends on it.
 */
@RestController
@RequestMapping("/api/v1/keys")
final class KeyAdministrationController {

    private final ApiKeys keys;
    private final DecisionPoint decisions;

    KeyAdministrationController(ApiKeys keys, DecisionPoint decisions) {
        this.keys = keys;
        this.decisions = decisions;
    }

    /** A key to create: its roles, the tenant it is bound to (tenant-bound roles only), and a label. */
    record NewKey(Set<String> roles, String tenant, String description, Integer expiresInDays) {
    }

    @PostMapping
    ResponseEntity<IssuedKey> create(@RequestBody NewKey request) {
        Caller caller = admin();
        TenantId tenant = null;
        if (request.tenant() != null) {
            tenant = TenantId.parseOrNull(request.tenant());
            if (tenant == null) {
                throw new ProblemException(ProblemType.VALIDATION, "Some fields are not valid; see errors.",
                        Map.of("errors", List.of(Map.of("field", "tenant",
                                "message", "A tenant id is t- followed by 26 base32 characters."))));
            }
        }
        java.time.Duration validity = request.expiresInDays() == null ? ApiKeys.DEFAULT_VALIDITY
                : java.time.Duration.ofDays(request.expiresInDays());
        IssuedKey issued = keys.create(caller, request.roles() == null ? Set.of() : request.roles(), tenant,
                request.description(), validity);
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CACHE_CONTROL, "no-store").body(issued);
    }

    @GetMapping
    List<ApiKey> list() {
        decisions.require(CurrentCaller.get(), Permission.KEYS_READ, null);
        return keys.list();
    }

    @GetMapping("/{id}")
    ApiKey get(@PathVariable String id) {
        decisions.require(CurrentCaller.get(), Permission.KEYS_READ, null);
        return keys.find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No API key has this id."));
    }

    @PostMapping("/{id}/revoke")
    ApiKey revoke(@PathVariable String id) {
        return keys.revoke(admin(), id);
    }

    private Caller admin() {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.KEYS_ADMIN, null);
        return caller;
    }
}
