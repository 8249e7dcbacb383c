package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.PlatformSettings;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Commitment 6: demo data comes with published demo accounts and credentials; a store that holds it (row
 * {@code demo-data} in {@code platform_settings}) must never serve production.
 */
@Component
final class DemoDataCheck implements HardeningCheck {

    static final String ID = "demo-data";
    private final PlatformSettings settings;

    DemoDataCheck(PlatformSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<HardeningResult> check() {
        if (settings.get(PlatformSettings.DEMO_DATA).isPresent()) {
            return List.of(HardeningResult.fail(ID, 6,
                    "The store contains demo data (known demo accounts and credentials). Use a fresh store for "
                            + "production.",
                    "L'archivio contiene dati dimostrativi (account e credenziali dimostrativi noti). Usare un "
                            + "archivio nuovo per la produzione."));
        }
        return List.of(HardeningResult.pass(ID, 6, "The store contains no demo data.",
                "L'archivio non contiene dati dimostrativi."));
    }
}
