package eu.custodia.server.isolation;

import eu.custodia.server.identity.Caller;
import java.util.List;
import java.util.Optional;

/**
 * The continuous isolation probe (see the package documentation and {@code README.md}, "Isolation probe").
 * Callers outside this module (the demo, the schedule) start runs as the platform's own code; the HTTP API
 * asks the decision point first.
 */
public interface IsolationProbe {

    /** The action of the platform-log event each run writes. */
    String LEDGER_ACTION = "isolation.probe-run";

    /**
     * Runs every check now (creating the canary tenants on the first run), keeps the result and ledgers it
     * as {@value #LEDGER_ACTION} in the platform log, outcome {@code success} or {@code failure}. One run at
     * a time: a run asked for while another is running waits for it.
     *
     * @param trigger who asked: the platform's own code (the schedule, the demo) or an authorised caller
     */
    ProbeRun run(Caller trigger);

    /** The latest runs, newest first, at most {@code limit}. */
    List<ProbeRun> latest(int limit);

    /** The run with this id, if any. */
    Optional<ProbeRun> find(String id);
}
