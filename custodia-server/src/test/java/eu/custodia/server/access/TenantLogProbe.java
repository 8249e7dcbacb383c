package eu.custodia.server.access;

import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.TenantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A tenant-scoped test endpoint, written as other modules write theirs: the handler asks the decision point. */
@RestController
class TenantLogProbe {

    private final DecisionPoint decisions;

    TenantLogProbe(DecisionPoint decisions) {
        this.decisions = decisions;
    }

    @GetMapping("/test/tenants/{tenant}/log")
    String read(@PathVariable String tenant) {
        decisions.require(CurrentCaller.get(), Permission.LEDGER_READ, new TenantId(tenant));
        return "log of " + tenant;
    }
}
