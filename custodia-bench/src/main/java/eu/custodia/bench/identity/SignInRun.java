package eu.custodia.bench.identity;

import eu.custodia.bench.ledger.Percentiles;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.identity.internal.password.Argon2idParameters;
import eu.custodia.server.identity.internal.password.PasswordHasher;
import eu.custodia.server.identity.internal.totp.Totp;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The cost of the two verifications of a password + TOTP sign-in, through the server's own components:
 * {@link PasswordHasher#verify} of the typed password against the account's stored Argon2id hash (made by
 * the server with its shipped parameters when the account was created), then
 * {@link Accounts#verifySecondFactor} with a real TOTP code of the account's secret (which reads the factor,
 * checks the code and consumes its time step in one transaction). Sign-ins rotate through the accounts so
 * that every code is for a time step the account has not used yet ({@link TotpSteps}). The account's hash is
 * read from the store before timing. One sign-in at a time, in this thread.
 */
final class SignInRun {

    /**
     * What a run gave; latencies in milliseconds.
     *
     * @param parameters the hasher's parameters (those of new hashes)
     * @param storedParameters the cost recorded in the accounts' stored hashes, e.g. {@code m=19456,t=2,p=1}
     * @param total password verification plus second-factor verification, per sign-in
     * @param password the password verification alone
     * @param secondFactor the second-factor verification alone
     * @param accounts accounts rotated through
     * @param warmup untimed sign-ins before measuring
     * @param failures sign-ins (warm-up included) where either verification refused
     * @param waits times every account had used its steps and the run waited for the next time step
     * @param waitedSeconds time spent in those waits
     * @param seconds time of the whole run, waits included
     */
    record Result(Argon2idParameters parameters, String storedParameters, Percentiles total, Percentiles password,
            Percentiles secondFactor, int accounts, int warmup, int failures, int waits, double waitedSeconds,
            double seconds) {
    }

    private SignInRun() {
    }

    static Result run(PasswordHasher hasher, Accounts accounts, JdbcClient jdbc, Clock clock,
            List<SignInAccounts.Person> people, int warmup, int measured, PrintStream log)
            throws InterruptedException {
        long t0 = System.nanoTime();
        Totp totp = Totp.withDefaults(clock);
        int window = totp.parameters().window();
        int n = people.size();
        String[] hashes = new String[n];
        long[] last = new long[n];
        String storedParameters = null;
        for (int i = 0; i < n; i++) {
            hashes[i] = jdbc.sql("SELECT hash FROM account_passwords WHERE account_id = ?").param(people.get(i).id())
                    .query(String.class).single();
            last[i] = people.get(i).confirmedStep();
            String phc = hashes[i].split("\\$")[3];
            if (storedParameters != null && !storedParameters.equals(phc)) {
                throw new IllegalStateException("stored hashes differ in cost: " + storedParameters + ", " + phc);
            }
            storedParameters = phc;
            if (hasher.needsUpgrade(hashes[i])) {
                throw new IllegalStateException("a stored hash is below the hasher's parameters: " + phc);
            }
        }
        double[] total = new double[measured];
        double[] password = new double[measured];
        double[] second = new double[measured];
        int failures = 0;
        int waits = 0;
        long waitedNanos = 0;
        int next = 0;
        log.printf(Locale.ROOT, "identity: %d warm-up and %d measured sign-ins over %d accounts%n", warmup,
                measured, n);
        for (int s = 0; s < warmup + measured; s++) {
            OptionalLong step = OptionalLong.empty();
            for (int tried = 0; step.isEmpty(); ) {
                step = TotpSteps.next(totp.currentStep(), last[next], window);
                if (step.isEmpty()) {
                    next = (next + 1) % n;
                    if (++tried == n) {
                        long w = System.nanoTime();
                        awaitNextStep(totp, clock);
                        waitedNanos += System.nanoTime() - w;
                        waits++;
                        tried = 0;
                    }
                }
            }
            SignInAccounts.Person person = people.get(next);
            String code = totp.code(person.secret(), step.getAsLong());
            String stored = hashes[next];

            long start = System.nanoTime();
            boolean passwordOk = hasher.verify(person.password(), stored);
            long between = System.nanoTime();
            Optional<VerifiedFactor> factor = accounts.verifySecondFactor(person.id(), code);
            long end = System.nanoTime();

            if (!passwordOk || factor.isEmpty() || !VerifiedFactor.TOTP.equals(factor.get().kind())) {
                failures++;
            }
            last[next] = step.getAsLong();
            next = (next + 1) % n;
            if (s >= warmup) {
                int m = s - warmup;
                total[m] = (end - start) / 1e6;
                password[m] = (between - start) / 1e6;
                second[m] = (end - between) / 1e6;
            }
        }
        return new Result(hasher.parameters(), storedParameters, Percentiles.of(total), Percentiles.of(password),
                Percentiles.of(second), n, warmup, failures, waits, waitedNanos / 1e9,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Sleeps until just after the current time step ends. */
    private static void awaitNextStep(Totp totp, Clock clock) throws InterruptedException {
        long period = totp.parameters().periodSeconds();
        long endMillis = (totp.currentStep() + 1) * period * 1000;
        long millis = endMillis - clock.millis();
        Thread.sleep(Math.max(0, millis) + 20);
    }
}
