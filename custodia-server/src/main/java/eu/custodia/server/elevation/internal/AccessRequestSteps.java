package eu.custodia.server.elevation.internal;

import eu.custodia.server.elevation.AccessRequests;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@link AccessRequests} over {@link Elevations}: the same checks and events as the HTTP API. */
@Component
final class AccessRequestSteps implements AccessRequests {

    private final Elevations elevations;

    AccessRequestSteps(Elevations elevations) {
        this.elevations = elevations;
    }

    @Override
    public String request(Caller engineer, TenantId tenant, String ticket, String reasonCode, String reasonText,
            String access, List<String> collections, String duration) {
        return elevations.request(engineer, new Elevations.NewRequest(tenant.value(), null, ticket, reasonCode,
                reasonText, access, collections, duration)).id();
    }

    @Override
    public void approve(Caller approver, String id) {
        elevations.answer(approver, id, new Elevations.Answer("approve", null, null, null, null));
    }

    @Override
    public void activate(Caller engineer, String id) {
        elevations.activate(engineer, id);
    }

    @Override
    public void conclude(Caller engineer, String id) {
        elevations.conclude(engineer, id);
    }
}
