package eu.custodia.server.access;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Confidentiality agreements for test staff: a staff member is granted a role that touches production only
 * with a valid agreement, so helpers that make staff (such as {@code TestAdministrators}) register one first,
 * as the system (nobody registers their own). The helpers receive only the {@link Accounts} of their test's
 * application context; each context registers its {@link Agreements} and clock against it here.
 */
public final class TestAgreements {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Accounts, Context> CONTEXTS = new ConcurrentHashMap<>();

    private TestAgreements() {
    }

    private record Context(Agreements agreements, Clock clock) {
    }

    /** Registers a year's agreement, signed today, for the staff account {@code accountId}. */
    public static Agreement register(Accounts accounts, String accountId) {
        Context context = CONTEXTS.get(accounts);
        if (context == null) {
            throw new IllegalStateException("no Agreements registered for this application context");
        }
        LocalDate today = LocalDate.ofInstant(context.clock().instant(), ZoneOffset.UTC);
        return context.agreements().register(SYSTEM, accountId, new Agreements.NewAgreement(
                Agreements.EMPLOYMENT_CONFIDENTIALITY, today, today.plusYears(1), randomSha256())).agreement();
    }

    /** A random document hash. */
    public static String randomSha256() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Ties each application context's {@link Accounts} to its {@link Agreements} and clock. */
    @Component
    static final class Registrar {

        Registrar(Accounts accounts, Agreements agreements, Clock clock) {
            CONTEXTS.put(accounts, new Context(agreements, clock));
        }
    }
}
