package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.SetupStatus;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Setup is required while no live platform administrator exists. Once one is seen the answer is cached:
 * setup never comes back while the process runs (a restart re-checks).
 */
@Component
final class SetupState implements SetupStatus {

    private final JdbcApiKeys keys;
    private final AtomicBoolean complete = new AtomicBoolean();

    SetupState(JdbcApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public boolean required() {
        if (complete.get()) {
            return false;
        }
        if (keys.livePlatformAdmins() > 0) {
            complete.set(true);
            return false;
        }
        return true;
    }
}
