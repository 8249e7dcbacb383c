package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningReport;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.Mode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link HardeningCheck} once all beans exist and before the web server accepts connections. In
 * {@code production} mode any failure stops the start with {@link InsecureConfigurationException}, which
 * lists every failing reason; in {@code dev} mode each failure is logged as a warning. The {@code doctor}
 * command reports instead of refusing.
 */
@Component
final class HardeningEnforcer implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(HardeningEnforcer.class);
    private final ObjectProvider<HardeningCheck> checks;
    private final CustodiaProperties properties;
    private final Environment environment;

    HardeningEnforcer(ObjectProvider<HardeningCheck> checks, CustodiaProperties properties,
            Environment environment) {
        this.checks = checks;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (environment.acceptsProfiles(Profiles.of(DoctorCommand.PROFILE))) {
            return;
        }
        HardeningReport report = HardeningReport.of(checks.orderedStream().toList());
        if (report.passed()) {
            LOG.info("Hardening: all {} checks pass (tutti i controlli superati)", report.results().size());
            return;
        }
        if (properties.mode() == Mode.PRODUCTION) {
            throw new InsecureConfigurationException(report);
        }
        for (HardeningResult r : report.failures()) {
            LOG.warn("Hardening [{}] commitment/impegno {}: {} / {} (dev mode: allowed; production would refuse)",
                    r.id(), r.commitment(), r.reasonEn(), r.reasonIt());
        }
    }
}
