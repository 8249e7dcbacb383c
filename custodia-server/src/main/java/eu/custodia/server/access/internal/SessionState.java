package eu.custodia.server.access.internal;

import eu.custodia.server.identity.VerifiedFactor;
import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session remembers (attribute {@value #ATTRIBUTE} of the server-side session): the account and the
 * factors it verified, with when. Roles and state are read from the account on every request, so a revoked
 * role or a suspension takes effect on the next request. Holds no secret.
 *
 * @param accountId the signed-in account
 * @param factors factor kind → when it was verified (epoch milliseconds)
 * @param signedInAtMillis when the password was verified: the absolute lifetime counts from here
 */
record SessionState(String accountId, LinkedHashMap<String, Long> factors, long signedInAtMillis)
        implements Serializable {

    static final String ATTRIBUTE = "custodia.session";

    @Serial
    private static final long serialVersionUID = 1L;

    SessionState {
        factors = new LinkedHashMap<>(factors);
    }

    static SessionState signedIn(String accountId, VerifiedFactor password) {
        LinkedHashMap<String, Long> factors = new LinkedHashMap<>();
        factors.put(password.kind(), password.verifiedAt().toEpochMilli());
        return new SessionState(accountId, factors, password.verifiedAt().toEpochMilli());
    }

    SessionState with(VerifiedFactor factor) {
        LinkedHashMap<String, Long> all = new LinkedHashMap<>(factors);
        all.put(factor.kind(), factor.verifiedAt().toEpochMilli());
        return new SessionState(accountId, all, signedInAtMillis);
    }

    List<VerifiedFactor> verifiedFactors() {
        List<VerifiedFactor> list = new ArrayList<>();
        for (Map.Entry<String, Long> e : factors.entrySet()) {
            list.add(new VerifiedFactor(e.getKey(), Instant.ofEpochMilli(e.getValue())));
        }
        return list;
    }

    Instant signedInAt() {
        return Instant.ofEpochMilli(signedInAtMillis);
    }
}
