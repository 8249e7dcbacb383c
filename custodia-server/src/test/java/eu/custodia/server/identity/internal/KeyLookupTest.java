package eu.custodia.server.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.IssuedKey;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.testing.CustodiaTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The kept-prepared key lookup under concurrency: many threads authenticating different keys at once each
 * get their own key, never another's (a statement is only ever used by the thread that borrowed its
 * connection); revocation is seen at once; a lookup inside a transaction sees that transaction's writes.
 */
@CustodiaTest
class KeyLookupTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    ApiKeys keys;
    @Autowired
    TransactionTemplate tx;

    @Test
    void authenticateWhenManyThreadsAtOnceThenEachGetsItsOwnKeyAndARevocationCountsAtOnce() throws Exception {
        List<IssuedKey> issued = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            issued.add(keys.create(SYSTEM, Set.of(Roles.PLATFORM_AUDITOR), null, "lookup " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                work.add(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    int checked = 0;
                    for (int i = 0; i < 400; i++) {
                        IssuedKey key = issued.get(random.nextInt(issued.size()));
                        String id = keys.authenticate(key.token()).orElseThrow().id();
                        if (!id.equals(key.key().id())) {
                            throw new AssertionError("token of " + key.key().id() + " authenticated as " + id);
                        }
                        checked++;
                    }
                    return checked;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(work)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(8 * 400);
        } finally {
            pool.shutdownNow();
        }

        IssuedKey revoked = issued.get(0);
        keys.revoke(SYSTEM, revoked.key().id());
        assertThat(keys.authenticate(revoked.token())).isEmpty();
        assertThat(keys.authenticate(issued.get(1).token())).isPresent();
        // Inside a transaction the lookup uses the transaction's connection, so it sees its own writes.
        IssuedKey inside = tx.execute(status -> {
            IssuedKey k = keys.create(SYSTEM, Set.of(Roles.PLATFORM_AUDITOR), null, "inside");
            assertThat(keys.authenticate(k.token())).isPresent();
            return k;
        });
        assertThat(keys.authenticate(inside.token())).isPresent();
    }
}
