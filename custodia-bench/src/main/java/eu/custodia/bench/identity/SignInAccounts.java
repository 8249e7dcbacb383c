package eu.custodia.bench.identity;

import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.internal.totp.Totp;
import eu.custodia.server.identity.internal.totp.TotpSecret;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's people: active staff accounts made through the public {@link Accounts} API as an
 * administrator would (invite, accept with a password, enrol TOTP and confirm it with a code), so each has
 * an Argon2id password hash made by the server with its shipped parameters and a confirmed TOTP factor.
 */
final class SignInAccounts {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    private SignInAccounts() {
    }

    /**
     * One account.
     *
     * @param id the account id
     * @param password its password, as typed at sign-in
     * @param secret its TOTP secret
     * @param confirmedStep the time step of the code that confirmed the enrolment (consumed)
     */
    record Person(String id, String password, TotpSecret secret, long confirmedStep) {

        @Override
        public String toString() {
            return "Person[" + id + "]";
        }
    }

    /** Creates {@code count} accounts with a password and a confirmed TOTP factor. */
    static List<Person> create(Accounts accounts, Totp totp, int count, PrintStream log) {
        List<Person> people = new ArrayList<>(count);
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < count; i++) {
            Accounts.Invitation invitation = accounts.invite(SYSTEM, Account.STAFF, null,
                    String.format(Locale.ROOT, "ibench-%s-%05d", run, i));
            String id = invitation.account().id();
            String password = "identity benchmark sign-in " + id;
            accounts.acceptInvitation(invitation.token(), password);
            Caller self = new Caller(id, Account.STAFF, Set.of(), null, List.of(), id, List.of(), false);
            TotpSecret secret = TotpSecret.fromBase32(accounts.startTotp(self).secret());
            long step = totp.currentStep();
            accounts.confirmTotp(self, totp.code(secret, step));
            people.add(new Person(id, password, secret, step));
            if ((i + 1) % 25 == 0) {
                log.printf(Locale.ROOT, "identity: %d of %d accounts created%n", i + 1, count);
            }
        }
        return people;
    }
}
