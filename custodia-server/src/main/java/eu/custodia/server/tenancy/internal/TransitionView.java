package eu.custodia.server.tenancy.internal;

import eu.custodia.server.tenancy.TenantState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One lifecycle transition in a tenant's history; {@code from} is absent for the creation. */
@Schema(name = "TenantTransitionRecord", description = "One lifecycle transition")
record TransitionView(TenantState from, TenantState to, Actor actor, String reason, Instant at) {

    /** Who made the transition. */
    record Actor(String id, String kind) {
    }

    static TransitionView of(TenantRepository.Transition t) {
        return new TransitionView(t.from(), t.to(), new Actor(t.actorId(), t.actorKind()), t.reason(), t.at());
    }
}
