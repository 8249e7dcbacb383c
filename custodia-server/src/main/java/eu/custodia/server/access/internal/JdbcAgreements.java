package eu.custodia.server.access.internal;

import eu.custodia.server.access.Agreement;
import eu.custodia.server.access.Agreements;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.AccountState;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RoleSuspensions;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.SqlInstants;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link Agreements} on tables {@code confidentiality_agreements} and {@code agreement_notices}; suspensions
 * and reinstatements through identity's {@link RoleSuspensions}. Days are UTC days of the injected clock.
 * Every change and its ledger event (platform log) in one transaction.
 */
@Service
final class JdbcAgreements implements Agreements {

    /** The longest an agreement may run, to catch mistyped years. */
    static final int MAX_YEARS = 10;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PRODUCTION_IN = Roles.PRODUCTION.stream().sorted().map(r -> "'" + r + "'")
            .collect(Collectors.joining(", ", "(", ")"));

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;
    private final Accounts accounts;
    private final RoleSuspensions suspensions;
    private final boolean postgres;
    private final int noticeDays;

    JdbcAgreements(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, Ledger ledger, Clock clock,
            Accounts accounts, RoleSuspensions suspensions, CustodiaProperties properties,
            @Value("${custodia.access.agreements.notice-days:30}") int noticeDays) {
        if (noticeDays < 1 || noticeDays > 365) {
            throw new IllegalArgumentException("custodia.access.agreements.notice-days must be 1-365, was "
                    + noticeDays);
        }
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
        this.accounts = accounts;
        this.suspensions = suspensions;
        this.postgres = !properties.db().embedded();
        this.noticeDays = noticeDays;
    }

    /** Today, as a UTC day of the injected clock. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    int noticeDays() {
        return noticeDays;
    }

    @Override
    public Registration register(Caller actor, String accountId, NewAgreement agreement) {
        return register(actor, accountId, agreement, false);
    }

    /**
     * Registers an agreement; {@code bootstrap} when a platform administrator does it because no security
     * officer exists yet (said in the ledger).
     */
    Registration register(Caller actor, String accountId, NewAgreement agreement, boolean bootstrap) {
        refuseOwn(actor, accountId, "agreement.registered", "account/" + accountId);
        LocalDate today = today();
        NewAgreement valid = validate(agreement, today);
        Instant now = clock.instant();
        String id = "agr-" + random(80);
        return tx.execute(status -> {
            Account account = accounts.find(accountId).orElseThrow(() -> noAccount(accountId));
            if (!Account.STAFF.equals(account.kind())) {
                throw BilingualProblem.of(ProblemType.AGREEMENT_STAFF_ONLY, "Account " + accountId + " is not a staff"
                        + " account (" + account.kind() + "): only provider staff have confidentiality agreements.",
                        "L'account " + accountId + " non è del personale (" + account.kind() + "): solo il personale"
                        + " del fornitore ha accordi di riservatezza.", Map.of("kind", account.kind()));
            }
            if (account.state() == AccountState.DEPROVISIONED) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "Account " + accountId + " is deprovisioned: it gets"
                        + " no new agreement.", "L'account " + accountId + " è dismesso: non riceve nuovi accordi.");
            }
            Optional<String> same = jdbc.sql("SELECT id FROM confidentiality_agreements WHERE account_id = ? AND"
                    + " document_sha256 = ? AND ended_at IS NULL").params(accountId, valid.documentSha256())
                    .query(String.class).optional();
            if (same.isPresent()) {
                throw BilingualProblem.field(ProblemType.CONFLICT, "documentSha256", "This document is already"
                        + " registered for account " + accountId + " as " + same.get() + ".", "Questo documento è già"
                        + " registrato per l'account " + accountId + " come " + same.get() + ".",
                        Map.of("agreement", same.get()));
            }
            jdbc.sql("INSERT INTO confidentiality_agreements (id, account_id, kind, signed_on, expires_on,"
                    + " document_sha256, registered_at, registered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(id, accountId, valid.kind(), date(valid.signedOn()), date(valid.expiresOn()),
                            valid.documentSha256(), instants.bind(now), actor.id()).update();
            record(actor, "agreement.registered", "agreement/" + id, "success", "staff account " + accountId
                    + ", kind " + valid.kind() + ", signed " + valid.signedOn() + ", expires " + valid.expiresOn()
                    + ", document sha256 " + valid.documentSha256()
                    + (bootstrap ? ", bootstrap: no security officer yet, registered by a platform administrator"
                            : ""));
            RoleSuspensions.Reinstatement back = suspensions.reinstate(actor, accountId, Set.copyOf(SUSPENSION_REASONS),
                    "agreement " + id + " registered");
            return new Registration(find(id).orElseThrow(),
                    back.reinstated().stream().map(RoleSuspensions.Suspension::role).toList(),
                    back.kept().stream().map(k -> new KeptRole(k.suspension().role(), k.rule(), k.detail())).toList());
        });
    }

    @Override
    public Agreement end(Caller actor, String agreementId, String reason) {
        return end(actor, agreementId, reason, false);
    }

    /** Ends an agreement; {@code bootstrap} as for {@link #register(Caller, String, NewAgreement, boolean)}. */
    Agreement end(Caller actor, String agreementId, String reason, boolean bootstrap) {
        Agreement agreement = find(agreementId).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND,
                "No agreement " + agreementId + ".", "Nessun accordo " + agreementId + "."));
        refuseOwn(actor, agreement.account(), "agreement.ended", "agreement/" + agreementId);
        if (reason == null || !END_REASONS.contains(reason)) {
            throw invalid("reason", "reason must be one of " + String.join(", ", END_REASONS) + ".",
                    "reason deve essere uno tra " + String.join(", ", END_REASONS) + ".");
        }
        Instant now = clock.instant();
        return tx.execute(status -> {
            int ended = jdbc.sql("UPDATE confidentiality_agreements SET ended_at = ?, ended_by = ?, end_reason = ?"
                    + " WHERE id = ? AND ended_at IS NULL").params(instants.bind(now), actor.id(), reason, agreementId)
                    .update();
            if (ended != 1) {
                throw BilingualProblem.of(ProblemType.CONFLICT, "Agreement " + agreementId + " is already ended.",
                        "L'accordo " + agreementId + " è già concluso.");
            }
            record(actor, "agreement.ended", "agreement/" + agreementId, "success", "staff account "
                    + agreement.account() + ", reason " + reason + (bootstrap ? ", bootstrap: no security officer"
                            + " yet, ended by a platform administrator" : ""));
            if (!covered(agreement.account())) {
                suspensions.suspend(actor, agreement.account(), Roles.PRODUCTION, "agreement-ended");
            }
            return find(agreementId).orElseThrow();
        });
    }

    @Override
    public Optional<Agreement> find(String agreementId) {
        if (agreementId == null) {
            return Optional.empty();
        }
        LocalDate today = today();
        return jdbc.sql(SELECT + " WHERE g.id = ?").param(agreementId).query((rs, n) -> row(rs, today)).optional();
    }

    @Override
    public List<Agreement> of(String accountId) {
        LocalDate today = today();
        return jdbc.sql(SELECT + " WHERE g.account_id = ? ORDER BY g.registered_at DESC, g.id").param(accountId)
                .query((rs, n) -> row(rs, today)).list();
    }

    @Override
    public boolean covered(String accountId) {
        LocalDate today = today();
        return jdbc.sql("SELECT count(*) FROM confidentiality_agreements WHERE account_id = ? AND ended_at IS NULL"
                + " AND signed_on <= ? AND expires_on >= ?").params(accountId, date(today), date(today))
                .query(Long.class).single() > 0;
    }

    /**
     * The agreements whose cover ends within {@code days} days: valid today, expiring by today + days, and not
     * followed by a later agreement of the same account (a renewal); soonest first.
     */
    List<Agreement> expiring(int days) {
        LocalDate today = today();
        return jdbc.sql(SELECT + " WHERE g.ended_at IS NULL AND g.signed_on <= ? AND g.expires_on >= ?"
                + " AND g.expires_on <= ? AND " + NOT_RENEWED + " ORDER BY g.expires_on, g.id")
                .params(date(today), date(today), date(today.plusDays(days))).query((rs, n) -> row(rs, today)).list();
    }

    /**
     * Staff accounts (not deprovisioned) that hold a production role without a valid agreement, with those
     * roles and who granted each: accounts that never had one (the setup's first administrator, roles granted
     * before agreements existed), and any the expiry check has not reached yet.
     */
    List<Uncovered> uncovered() {
        LocalDate today = today();
        List<Object[]> rows = jdbc.sql("SELECT r.account_id, r.role, r.granted_by FROM account_roles r"
                + " JOIN accounts a ON a.id = r.account_id WHERE a.kind = ? AND a.state <> ? AND r.role IN "
                + PRODUCTION_IN + " AND NOT EXISTS (SELECT 1 FROM confidentiality_agreements g"
                + " WHERE g.account_id = a.id AND g.ended_at IS NULL AND g.signed_on <= ? AND g.expires_on >= ?)"
                + " ORDER BY r.account_id, r.role")
                .params(Account.STAFF, AccountState.DEPROVISIONED.code(), date(today), date(today))
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        Map<String, List<Uncovered.Role>> byAccount = new LinkedHashMap<>();
        for (Object[] row : rows) {
            byAccount.computeIfAbsent((String) row[0], k -> new ArrayList<>())
                    .add(new Uncovered.Role((String) row[1], (String) row[2]));
        }
        return byAccount.entrySet().stream().map(e -> new Uncovered(e.getKey(), e.getValue())).toList();
    }

    /** A staff account holding production roles without a valid agreement. */
    record Uncovered(String account, List<Role> roles) {

        /** A role it holds and who granted it. */
        record Role(String role, String grantedBy) {
        }
    }

    /**
     * True while no active staff account holds {@code security-officer}: then nobody could register
     * agreements, so a platform administrator may (bootstrap, ledgered as such).
     */
    boolean bootstrap() {
        return jdbc.sql("SELECT count(*) FROM account_roles r JOIN accounts a ON a.id = r.account_id"
                + " WHERE r.role = ? AND a.kind = ? AND a.state = ?")
                .params(Roles.SECURITY_OFFICER, Account.STAFF, AccountState.ACTIVE.code()).query(Long.class)
                .single() == 0;
    }

    /**
     * Suspends the production roles of every staff member whose agreements have all lapsed (expired or
     * ended, none valid today); returns how many roles. Staff who never had an agreement are not touched here
     * (see {@link #uncovered()} and the hardening check).
     */
    int suspendLapsed() {
        LocalDate today = today();
        List<String> lapsed = jdbc.sql("SELECT DISTINCT r.account_id FROM account_roles r"
                + " JOIN accounts a ON a.id = r.account_id WHERE a.kind = ? AND r.role IN " + PRODUCTION_IN
                + " AND EXISTS (SELECT 1 FROM confidentiality_agreements g WHERE g.account_id = a.id)"
                + " AND NOT EXISTS (SELECT 1 FROM confidentiality_agreements g WHERE g.account_id = a.id"
                + " AND g.ended_at IS NULL AND g.signed_on <= ? AND g.expires_on >= ?) ORDER BY r.account_id")
                .params(Account.STAFF, date(today), date(today)).query(String.class).list();
        int suspended = 0;
        for (String account : lapsed) {
            suspended += tx.execute(status -> {
                if (covered(account)) {
                    return 0;
                }
                return suspensions.suspend(Caller.SYSTEM, account, Roles.PRODUCTION, lapseReason(account, today)).size();
            });
        }
        return suspended;
    }

    /** Why an account has no valid agreement: one expired, else one was ended, else none is valid yet. */
    private String lapseReason(String account, LocalDate today) {
        long expired = jdbc.sql("SELECT count(*) FROM confidentiality_agreements WHERE account_id = ?"
                + " AND ended_at IS NULL AND expires_on < ?").params(account, date(today)).query(Long.class).single();
        if (expired > 0) {
            return "agreement-expired";
        }
        long ended = jdbc.sql("SELECT count(*) FROM confidentiality_agreements WHERE account_id = ?"
                + " AND ended_at IS NOT NULL").param(account).query(Long.class).single();
        return ended > 0 ? "agreement-ended" : "no-valid-agreement";
    }

    /**
     * Sends the notice of every agreement whose cover ends within the notice period ({@code notice-days}),
     * once per agreement: an in-app notice its staff member reads, and {@code agreement.expiry-notice} in the
     * ledger. Returns how many were sent.
     */
    int sendNotices() {
        LocalDate today = today();
        List<Agreement> due = jdbc.sql(SELECT + " JOIN accounts a ON a.id = g.account_id WHERE n.agreement_id IS NULL"
                + " AND g.ended_at IS NULL AND g.signed_on <= ? AND g.expires_on >= ? AND g.expires_on <= ?"
                + " AND a.state <> ? AND " + NOT_RENEWED + " ORDER BY g.expires_on, g.id")
                .params(date(today), date(today), date(today.plusDays(noticeDays)), AccountState.DEPROVISIONED.code())
                .query((rs, n) -> row(rs, today)).list();
        int sent = 0;
        for (Agreement agreement : due) {
            Instant now = clock.instant();
            sent += tx.execute(status -> {
                // The primary key makes it once, even when two nodes run this at the same time.
                int inserted = jdbc.sql("INSERT INTO agreement_notices (agreement_id, account_id, created_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT (agreement_id) DO NOTHING")
                        .params(agreement.id(), agreement.account(), instants.bind(now)).update();
                if (inserted == 1) {
                    record(Caller.SYSTEM, "agreement.expiry-notice", "agreement/" + agreement.id(), "success",
                            "staff account " + agreement.account() + ": expires " + agreement.expiresOn() + ", in "
                                    + ChronoUnit.DAYS.between(today, agreement.expiresOn()) + " days; in-app notice");
                }
                return inserted;
            });
        }
        return sent;
    }

    /** The expiry notices of an account's agreements, newest first. */
    List<Agreement> noticed(String accountId) {
        LocalDate today = today();
        return jdbc.sql(SELECT + " WHERE n.account_id = ? ORDER BY n.created_at DESC, g.id").param(accountId)
                .query((rs, n) -> row(rs, today)).list();
    }

    private static final String SELECT = "SELECT g.*, n.created_at AS notice_at FROM confidentiality_agreements g"
            + " LEFT JOIN agreement_notices n ON n.agreement_id = g.id";

    /** No later agreement of the same account, not ended, covers beyond this one. */
    private static final String NOT_RENEWED = "NOT EXISTS (SELECT 1 FROM confidentiality_agreements l"
            + " WHERE l.account_id = g.account_id AND l.ended_at IS NULL AND l.expires_on > g.expires_on)";

    private Agreement row(ResultSet rs, LocalDate today) throws SQLException {
        LocalDate signed = LocalDate.parse(rs.getString("signed_on"));
        LocalDate expires = LocalDate.parse(rs.getString("expires_on"));
        Instant ended = instants.read(rs, "ended_at");
        return new Agreement(rs.getString("id"), rs.getString("account_id"), rs.getString("kind"), signed, expires,
                rs.getString("document_sha256"), instants.read(rs, "registered_at"), rs.getString("registered_by"),
                ended, rs.getString("ended_by"), rs.getString("end_reason"), instants.read(rs, "notice_at"),
                Agreement.status(signed, expires, ended, today));
    }

    /** The value to bind for a day: a SQL date on PostgreSQL, ISO text on SQLite. */
    private Object date(LocalDate day) {
        return postgres ? day : day.toString();
    }

    /**
     * Nobody registers or ends their own agreement (a credential of the account, or the account itself): the
     * refusal is ledgered, then raised.
     */
    private void refuseOwn(Caller actor, String accountId, String action, String target) {
        if (accountId != null && (accountId.equals(actor.owner()) || accountId.equals(actor.id()))) {
            tx.executeWithoutResult(status -> record(actor, action, target, "denied", "own agreement: nobody"
                    + " registers or ends their own confidentiality agreement"));
            throw BilingualProblem.of(ProblemType.OWN_AGREEMENT, "Nobody registers or ends their own confidentiality"
                    + " agreement: ask a security officer.", "Nessuno registra o conclude il proprio accordo di"
                    + " riservatezza: chiederlo a un responsabile della sicurezza.",
                    Map.of("rule", "own-agreement"));
        }
    }

    private static NewAgreement validate(NewAgreement agreement, LocalDate today) {
        if (agreement == null) {
            throw invalid("kind", "Give kind, signedOn, expiresOn and documentSha256.",
                    "Indicare kind, signedOn, expiresOn e documentSha256.");
        }
        if (agreement.kind() == null || !KINDS.contains(agreement.kind())) {
            throw invalid("kind", "kind must be one of " + String.join(", ", KINDS) + ".",
                    "kind deve essere uno tra " + String.join(", ", KINDS) + ".");
        }
        if (agreement.signedOn() == null) {
            throw invalid("signedOn", "signedOn is required: the day the agreement was signed (YYYY-MM-DD).",
                    "signedOn è obbligatorio: il giorno in cui l'accordo è stato firmato (AAAA-MM-GG).");
        }
        if (agreement.signedOn().isAfter(today)) {
            throw invalid("signedOn", "signedOn " + agreement.signedOn() + " is in the future: register an agreement"
                    + " once it is signed.", "signedOn " + agreement.signedOn() + " è nel futuro: registrare un accordo"
                    + " dopo la firma.");
        }
        if (agreement.expiresOn() == null) {
            throw invalid("expiresOn", "expiresOn is required: the last day the agreement is valid (YYYY-MM-DD).",
                    "expiresOn è obbligatorio: l'ultimo giorno di validità dell'accordo (AAAA-MM-GG).");
        }
        if (!agreement.expiresOn().isAfter(agreement.signedOn())) {
            throw invalid("expiresOn", "expiresOn must be after signedOn.", "expiresOn deve essere successivo a"
                    + " signedOn.");
        }
        if (agreement.expiresOn().isBefore(today)) {
            throw invalid("expiresOn", "expiresOn " + agreement.expiresOn() + " has passed: the agreement has"
                    + " expired; register the current one.", "expiresOn " + agreement.expiresOn() + " è passato:"
                    + " l'accordo è scaduto; registrare quello in vigore.");
        }
        if (agreement.expiresOn().isAfter(agreement.signedOn().plusYears(MAX_YEARS))) {
            throw invalid("expiresOn", "expiresOn is more than " + MAX_YEARS + " years after signedOn; check the"
                    + " year.", "expiresOn è oltre " + MAX_YEARS + " anni dopo signedOn; verificare l'anno.");
        }
        String hash = agreement.documentSha256();
        if (hash == null || !SHA256.matcher(hash).matches()) {
            throw invalid("documentSha256", "documentSha256 must be the SHA-256 of the signed document: 64"
                    + " lower-case hexadecimal digits (e.g. from sha256sum).", "documentSha256 deve essere lo SHA-256"
                    + " del documento firmato: 64 cifre esadecimali minuscole (per esempio da sha256sum).");
        }
        return agreement;
    }

    static ProblemException invalid(String field, String en, String it) {
        return BilingualProblem.field(ProblemType.INVALID_AGREEMENT, field, en, it);
    }

    private static ProblemException noAccount(String id) {
        return BilingualProblem.of(ProblemType.NOT_FOUND, "No account " + id + ".", "Nessun account " + id + ".");
    }

    private void record(Caller actor, String action, String target, String outcome, String reason) {
        LedgerEvent.Actor who = actor.ledgerActor();
        ledger.record(new LedgerEvent(clock.instant(), null, who, action, target, outcome, reason, null));
    }

    /** {@code bits} random bits (a multiple of 8) as lower-case base32, like identity's ids. */
    private static String random(int bits) {
        byte[] bytes = new byte[bits / 8];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int left = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            left += 8;
            while (left >= 5) {
                out.append(BASE32[(buffer >> (left - 5)) & 31]);
                left -= 5;
            }
        }
        if (left > 0) {
            out.append(BASE32[(buffer << (5 - left)) & 31]);
        }
        return out.toString();
    }
}
