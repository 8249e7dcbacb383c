package eu.custodia.server.access.internal;

import eu.custodia.server.access.Agreement;
import eu.custodia.server.access.Agreements;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Account;
import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.identity.RoleSuspensions;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The register of staff confidentiality agreements over HTTP: register and end agreements
 * ({@link Permission#AGREEMENTS_ADMIN}, sensitive: a recent second factor), read them and the expiring list
 * ({@link Permission#AGREEMENTS_READ}), and one's own expiry notices ({@link Permission#ACCOUNT_SELF}).
 * Bootstrap: while no active staff account holds {@code security-officer}, a platform administrator may do
 * what {@code agreements:admin} and {@code agreements:read} allow, decided as {@code users:admin} and
 * {@code users:read} (so with a recent second factor to change anything) and ledgered as bootstrap.
 */
@RestController
@Tag(name = "Confidentiality agreements", description = "Staff confidentiality agreements (commitment 3): a role "
        + "that touches production needs a valid one. Errors are RFC 9457 problem details, in English (detail) and "
        + "Italian (messageIt).")
@ApiResponse(responseCode = "400", description = "Invalid kind, dates, hash, reason or number of days "
        + "(urn:custodia:problem:invalid-agreement, naming the field)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "401", description = "Not authenticated, or a recent second factor is needed "
        + "(urn:custodia:problem:step-up-required: send X-Custodia-OTP)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point), or it is the "
        + "caller's own agreement (urn:custodia:problem:own-agreement)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class AgreementsController {

    private static final Pattern DAYS = Pattern.compile("[0-9]{1,3}");

    private final JdbcAgreements agreements;
    private final Accounts accounts;
    private final RoleSuspensions suspensions;
    private final RuleBasedDecisionPoint decisions;

    AgreementsController(JdbcAgreements agreements, Accounts accounts, RoleSuspensions suspensions,
            RuleBasedDecisionPoint decisions) {
        this.agreements = agreements;
        this.accounts = accounts;
        this.suspensions = suspensions;
        this.decisions = decisions;
    }

    /** An agreement to register; days as {@code YYYY-MM-DD}. */
    record NewAgreementRequest(String kind, String signedOn, String expiresOn, String documentSha256) {
    }

    /** Why an agreement is ended. */
    record EndRequest(String reason) {
    }

    /** A registration: the agreement, the roles it gave back, and those that stay suspended with why. */
    record RegistrationView(Agreement agreement, List<String> reinstatedRoles,
            List<Agreements.KeptRole> stillSuspended) {
    }

    /** A suspended role, as administrators see it. */
    record SuspendedRole(String account, String role, String tenant, String reason, Instant suspendedAt,
            String suspendedBy) {

        static SuspendedRole of(RoleSuspensions.Suspension s) {
            return new SuspendedRole(s.account(), s.role(), s.tenant() == null ? null : s.tenant().value(),
                    s.reason(), s.suspendedAt(), s.suspendedBy());
        }
    }

    /** One account's agreements, whether one is valid today, and its roles suspended. */
    record AccountAgreements(String account, boolean covered, List<Agreement> agreements,
            List<SuspendedRole> suspendedRoles) {
    }

    /** A staff account holding production roles without a valid agreement. */
    record Uncovered(String account, List<JdbcAgreements.Uncovered.Role> roles) {
    }

    /** The register as security officers watch it. */
    record Watchlist(LocalDate asOf, int expiringWithinDays, List<Agreement> expiring,
            List<Uncovered> staffWithoutAgreement, List<SuspendedRole> suspendedRoles) {
    }

    /** An in-app notice to its account. */
    record Notice(String kind, String agreement, String agreementKind, LocalDate expiresOn, Instant createdAt,
            String message, String messageIt) {
    }

    @PostMapping("/api/v1/accounts/{id}/agreements")
    @Operation(summary = "Register a staff member's confidentiality agreement", description = "`{\"kind\": "
            + "\"employment-confidentiality\"|\"contractor-nda\"|\"sub-processor-nda\", \"signedOn\": \"YYYY-MM-DD\", "
            + "\"expiresOn\": \"YYYY-MM-DD\" (its last valid day), \"documentSha256\": \"<64 lower-case hex>\"}`: the "
            + "document itself is never sent or stored. Needs agreements:admin and a recent second factor; nobody "
            + "registers their own (403 own-agreement, ledgered). Roles suspended for want of an agreement are "
            + "reinstated, each after the checks of a grant (segregation of duties, second factor); the answer says "
            + "which, and which stay suspended and why.")
    @ApiResponse(responseCode = "201", description = "The agreement and the roles it gave back")
    @ApiResponse(responseCode = "404", description = "No such account",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Not a staff account (urn:custodia:problem:agreement-staff-only), "
            + "deprovisioned, or the document is already registered for it",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RegistrationView> register(@PathVariable String id, @RequestBody NewAgreementRequest request) {
        boolean bootstrap = authorize(Permission.AGREEMENTS_ADMIN);
        Agreements.NewAgreement agreement = new Agreements.NewAgreement(request.kind(),
                day("signedOn", request.signedOn()), day("expiresOn", request.expiresOn()), request.documentSha256());
        Agreements.Registration done = agreements.register(CurrentCaller.get(), id, agreement, bootstrap);
        return ResponseEntity.status(HttpStatus.CREATED).body(new RegistrationView(done.agreement(),
                done.reinstatedRoles(), done.stillSuspended()));
    }

    @GetMapping("/api/v1/accounts/{id}/agreements")
    @Operation(summary = "An account's agreements and suspended roles", description = "Its agreements, newest first, "
            + "each with its status today (valid, expired, ended, not-yet-valid) and when its expiry notice went out; "
            + "`covered` when one is valid; the roles suspended and why (e.g. agreement-expired). Needs "
            + "agreements:read.")
    AccountAgreements of(@PathVariable String id) {
        authorize(Permission.AGREEMENTS_READ);
        Account account = accounts.find(id).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND,
                "No account " + id + ".", "Nessun account " + id + "."));
        return new AccountAgreements(account.id(), agreements.covered(account.id()), agreements.of(account.id()),
                suspensions.of(account.id()).stream().map(SuspendedRole::of).toList());
    }

    @GetMapping("/api/v1/agreements")
    @Operation(summary = "The agreements to watch", description = "Agreements whose cover ends within "
            + "`expiringWithinDays` days (0–366, default 30; an agreement followed by a later one is not listed), with "
            + "when each expiry notice went out; staff holding roles that touch production without a valid agreement; "
            + "and every suspended role. Needs agreements:read.")
    Watchlist watchlist(@Parameter(description = "0-366, default 30")
            @RequestParam(name = "expiringWithinDays", required = false) String expiringWithinDays) {
        authorize(Permission.AGREEMENTS_READ);
        int days = 30;
        if (expiringWithinDays != null) {
            if (!DAYS.matcher(expiringWithinDays).matches() || Integer.parseInt(expiringWithinDays) > 366) {
                throw JdbcAgreements.invalid("expiringWithinDays", "expiringWithinDays must be a whole number of"
                        + " days from 0 to 366.", "expiringWithinDays deve essere un numero intero di giorni da 0 a"
                        + " 366.");
            }
            days = Integer.parseInt(expiringWithinDays);
        }
        return new Watchlist(agreements.today(), days, agreements.expiring(days),
                agreements.uncovered().stream().map(u -> new Uncovered(u.account(), u.roles())).toList(),
                suspensions.all().stream().map(SuspendedRole::of).toList());
    }

    @PostMapping("/api/v1/agreements/{agreementId}/end")
    @Operation(summary = "End (withdraw) an agreement", description = "`{\"reason\": \"employment-ended\"|"
            + "\"contract-ended\"|\"superseded\"|\"registered-in-error\"|\"breach\"}`. When it leaves its staff member "
            + "without a valid agreement, their roles that touch production are suspended at once "
            + "(agreement-ended). Needs agreements:admin and a recent second factor; nobody ends their own.")
    @ApiResponse(responseCode = "404", description = "No such agreement",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Already ended",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Agreement end(@PathVariable String agreementId, @RequestBody EndRequest request) {
        boolean bootstrap = authorize(Permission.AGREEMENTS_ADMIN);
        return agreements.end(CurrentCaller.get(), agreementId, request.reason(), bootstrap);
    }

    @GetMapping("/api/v1/account/notices")
    @Operation(summary = "One's own notices", description = "The caller's in-app notices, newest first: today, that "
            + "one of its confidentiality agreements expires soon (sent once per agreement, "
            + "custodia.access.agreements.notice-days before). Only ever the caller's own account.")
    List<Notice> notices() {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ACCOUNT_SELF, caller.tenant());
        return agreements.noticed(caller.owner()).stream().map(a -> new Notice("agreement-expiring", a.id(), a.kind(),
                a.expiresOn(), a.noticeSentAt(), "Your confidentiality agreement " + a.id() + " expires on "
                        + a.expiresOn() + ". Without a valid agreement your roles that touch production are suspended"
                        + " after that day: ask a security officer to register its renewal.", "Il tuo accordo di"
                        + " riservatezza " + a.id() + " scade il " + a.expiresOn() + ". Senza un accordo valido i tuoi"
                        + " ruoli che riguardano la produzione sono sospesi dopo quel giorno: chiedi a un responsabile"
                        + " della sicurezza di registrarne il rinnovo.")).toList();
    }

    /**
     * Asks the decision point for {@code permission} on the platform, or, in the bootstrap (no active security
     * officer), lets a platform administrator through as {@code users:admin} / {@code users:read}. Returns
     * true when the bootstrap applied.
     */
    private boolean authorize(Permission permission) {
        Caller caller = CurrentCaller.get();
        if (caller.tenant() == null && caller.hasRole(Roles.PLATFORM_ADMIN)
                && !decisions.explain(caller, permission, null).decision().allowed() && agreements.bootstrap()) {
            decisions.require(caller, permission.write() ? Permission.USERS_ADMIN : Permission.USERS_READ, null);
            return true;
        }
        decisions.require(caller, permission, null);
        return false;
    }

    private static LocalDate day(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw JdbcAgreements.invalid(field, field + " must be a day as YYYY-MM-DD.", field + " deve essere un giorno"
                + " nel formato AAAA-MM-GG.");
    }
}
