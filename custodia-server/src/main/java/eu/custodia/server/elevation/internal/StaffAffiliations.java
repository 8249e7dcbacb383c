package eu.custodia.server.elevation.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Ledger;
import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.RequestIds;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.tenancy.Tenant;
import eu.custodia.server.tenancy.TenantContract;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who employs each staff member who may reach a tenant's data, and the country they work from, on table
 * {@code staff_affiliations}: the provider ({@code custodia.elevation.employer}) unless a security officer named a
 * sub-processor. Named in every {@code elevation.grant-used} event. A staff member employed by a sub-processor
 * asks for access only to a tenant whose contract names that sub-processor (403 {@code sub-processor-not-named}
 * otherwise): the customer agreed to who may process its data, and nobody else gets a grant.
 */
@Service
final class StaffAffiliations {

    /** The staff member's employer is not a sub-processor named in the tenant's contract. */
    static final ProblemType SUB_PROCESSOR_NOT_NAMED = new ProblemType("sub-processor-not-named",
            HttpStatus.FORBIDDEN, "The staff member's employer is not a sub-processor of this tenant");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int MAX_EMPLOYER = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SqlInstants instants;
    private final Ledger ledger;
    private final Clock clock;
    private final DecisionPoint decisions;
    private final Accounts accounts;
    private final ElevationProperties properties;

    StaffAffiliations(JdbcClient jdbc, TransactionTemplate tx, SqlInstants instants, Ledger ledger, Clock clock,
            DecisionPoint decisions, Accounts accounts, ElevationProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instants = instants;
        this.ledger = ledger;
        this.clock = clock;
        this.decisions = decisions;
        this.accounts = accounts;
        this.properties = properties;
    }

    /**
     * A staff member's affiliation.
     *
     * @param account the staff account
     * @param employer the provider's name ({@code custodia.elevation.employer}) or a sub-processor's
     * @param country where they work from (ISO 3166-1 alpha-2), or empty when unstated
     * @param subProcessor true when the employer is not the provider
     */
    record Affiliation(String account, String employer, String country, boolean subProcessor) {
    }

    /** The body of a change. */
    record Change(String employer, String country) {
    }

    /** The affiliation of {@code account}: its own row, or the provider's. */
    Affiliation of(String account) {
        return jdbc.sql("SELECT employer, country FROM staff_affiliations WHERE account_id = ?").param(account)
                .query((rs, n) -> affiliation(account, rs.getString("employer"), rs.getString("country")))
                .optional().orElseGet(() -> affiliation(account, null, null));
    }

    /** The affiliation from a stored employer and country (null: the provider's). */
    Affiliation affiliation(String account, String employer, String country) {
        if (employer == null) {
            return new Affiliation(account, properties.employer(), properties.country(), false);
        }
        return new Affiliation(account, employer, country == null ? "" : country,
                !employer.equals(properties.employer()));
    }

    /** Refuses a request by a sub-processor's staff member for a tenant whose contract does not name it. */
    void requireNamedBy(Tenant tenant, String account) {
        Affiliation a = of(account);
        if (!a.subProcessor()) {
            return;
        }
        boolean named = tenant.contract().subProcessors().stream().map(TenantContract.SubProcessor::name)
                .anyMatch(a.employer()::equals);
        if (!named) {
            throw BilingualProblem.of(SUB_PROCESSOR_NOT_NAMED, "Account " + account + " is employed by "
                    + a.employer() + ", which the contract of tenant " + tenant.id() + " does not name as a"
                    + " sub-processor.", "L'account " + account + " è impiegato da " + a.employer() + ", che il"
                    + " contratto del tenant " + tenant.id() + " non indica come sub-responsabile.",
                    Map.of("employer", a.employer()));
        }
    }

    /** A security officer sets who employs a staff member and where they work from. */
    Affiliation set(Caller caller, String account, Change change) {
        decisions.require(caller, Permission.ELEVATION_APPROVE, null);
        if (caller.tenant() != null || !caller.hasRole(Roles.SECURITY_OFFICER)) {
            throw BilingualProblem.of(ProblemType.FORBIDDEN, "Only the provider's security officers set staff"
                    + " affiliations.", "Solo i responsabili della sicurezza del fornitore impostano l'affiliazione"
                    + " del personale.");
        }
        Account found = accounts.find(account).filter(a -> a.tenant() == null).orElseThrow(() -> BilingualProblem.of(
                ProblemType.NOT_FOUND, "No staff account " + account + ".", "Nessun account del personale " + account
                        + "."));
        if (change == null || change.employer() == null || change.employer().isBlank()
                || change.employer().strip().length() > MAX_EMPLOYER
                || !change.employer().chars().allMatch(c -> c >= 32 && c != 127)) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "employer", "employer is the provider's name or a"
                    + " sub-processor's, at most 200 characters.", "employer è il nome del fornitore o di un"
                    + " sub-responsabile, al massimo 200 caratteri.");
        }
        String country = change.country() == null ? "" : change.country().strip();
        if (!country.isEmpty() && !COUNTRY.matcher(country).matches()) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "country", "country is an ISO 3166-1 alpha-2 code,"
                    + " e.g. IT.", "country è un codice ISO 3166-1 alpha-2, per esempio IT.");
        }
        String employer = change.employer().strip();
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO staff_affiliations (account_id, employer, country, updated_at, updated_by) VALUES"
                    + " (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET employer = excluded.employer, country ="
                    + " excluded.country, updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                    .params(found.id(), employer, country, instants.bind(now), caller.principal()).update();
            ledger.record(new LedgerEvent(now, null, caller.ledgerActor(), "elevation.affiliation-set", "account/"
                    + found.id(), "success", "employer " + employer + ", country " + (country.isEmpty() ? "unstated"
                            : country), RequestIds.current()));
        });
        return of(found.id());
    }

    /** A staff member's affiliation, for security officers and the staff member. */
    Affiliation read(Caller caller, String account) {
        if (caller.tenant() != null || !caller.principal().equals(account)) {
            decisions.require(caller, Permission.ELEVATION_READ, null);
        }
        return of(account);
    }
}
