package eu.custodia.server.isolation.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.isolation.IsolationProbe;
import eu.custodia.server.isolation.ProbeRun;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The isolation probe's runs under {@code /api/v1/isolation/runs}: the latest runs, one run, and a run now.
 * Each handler asks the decision point for {@link Permission#PLATFORM_READ} on the platform first (platform
 * administrators, security officers, key custodians, support engineers); no tenant credential holds it.
 */
@RestController
@Tag(name = "Isolation", description = "The continuous tenant-isolation probe (commitment 4): each run tries to "
        + "cross between two canary tenants through every path and records each check as passed, failed or not "
        + "applicable. Errors are RFC 9457 problem details, in English (detail) and Italian (messageIt).")
@ApiResponse(responseCode = "401", description = "Not authenticated, or no second factor for an administrative role",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class IsolationController {

    static final String BASE = "/api/v1/isolation/runs";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Pattern ID = Pattern.compile("iso-[0-9a-f]{20}");

    private final IsolationProbe probe;
    private final DecisionPoint decisions;

    IsolationController(IsolationProbe probe, DecisionPoint decisions) {
        this.probe = probe;
        this.decisions = decisions;
    }

    /** One check as the API shows it; {@code status} is {@code passed}, {@code failed} or {@code not-applicable}. */
    @Schema(name = "IsolationCheck")
    record CheckView(String id, String status, String reason) {

        static CheckView of(CheckResult c) {
            return new CheckView(c.id(), c.status().code(), c.reason());
        }
    }

    /** A run as the API shows it; {@code outcome} is {@code passed} or {@code failed}. */
    @Schema(name = "IsolationProbeRun")
    record RunView(String id, Instant startedAt, Instant finishedAt, String outcome, String triggeredBy,
            String summary, List<CheckView> checks) {

        static RunView of(ProbeRun r) {
            return new RunView(r.id(), r.startedAt(), r.finishedAt(), r.outcome(), r.triggeredBy(), r.summary(),
                    r.checks().stream().map(CheckView::of).toList());
        }
    }

    /** The latest runs, newest first. */
    @Schema(name = "IsolationProbeRuns")
    record RunList(List<RunView> items) {
    }

    @GetMapping(BASE)
    @Operation(summary = "List the latest isolation probe runs", description = "Newest first, at most `limit`. "
            + "Needs platform:read.")
    ResponseEntity<RunList> list(@Parameter(description = "How many, 1–" + MAX_LIMIT + " (default " + DEFAULT_LIMIT
            + ")") @RequestParam(required = false) String limit) {
        decisions.require(CurrentCaller.get(), Permission.PLATFORM_READ, null);
        List<RunView> items = probe.latest(limit(limit)).stream().map(RunView::of).toList();
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(new RunList(items));
    }

    @GetMapping(BASE + "/{id}")
    @Operation(summary = "Read one isolation probe run", description = "Needs platform:read.")
    @ApiResponse(responseCode = "404", description = "No such run (urn:custodia:problem:not-found)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<RunView> read(@PathVariable String id) {
        decisions.require(CurrentCaller.get(), Permission.PLATFORM_READ, null);
        ProbeRun run = (ID.matcher(id).matches() ? probe.find(id) : Optional.<ProbeRun>empty())
                .orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND, "No isolation probe run " + id + ".",
                        "Nessuna esecuzione della sonda di isolamento " + id + "."));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(RunView.of(run));
    }

    @PostMapping(BASE)
    @Operation(summary = "Run the isolation probe now", description = "Runs every check at once and answers the "
            + "run (201, Location). A failed run raises a security alert. Needs platform:read; the run's ledger "
            + "event names the caller.")
    ResponseEntity<RunView> runNow() {
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.PLATFORM_READ, null);
        ProbeRun run = probe.run(caller);
        return ResponseEntity.created(URI.create(BASE + "/" + run.id())).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(RunView.of(run));
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = limit.length() > 4 ? -1 : Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw BilingualProblem.field(ProblemType.VALIDATION, "limit", "limit must be a whole number from 1 to "
                + MAX_LIMIT + ".", "limit deve essere un numero intero da 1 a " + MAX_LIMIT + ".");
    }
}
