package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Commitment 2 (hardening baseline; also 5: no staff view of logs or memory): no actuator endpoint beyond
 * {@code health} on the web, no health details, no {@code debug}/{@code trace} mode, no stack traces in
 * error responses, and no Spring Boot devtools on the class path.
 */
@Component
final class ExposedEndpointsCheck implements HardeningCheck {

    static final String ID = "exposed-endpoints";
    private static final String DEVTOOLS = "org.springframework.boot.devtools.restart.Restarter";
    private final Environment environment;

    ExposedEndpointsCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public List<HardeningResult> check() {
        List<String> problems = new ArrayList<>();
        List<String> exposed = Binder.get(environment)
                .bind("management.endpoints.web.exposure.include", Bindable.listOf(String.class)).orElse(List.of());
        for (String endpoint : exposed) {
            if (!"health".equals(endpoint.trim())) {
                problems.add("management.endpoints.web.exposure.include contains " + endpoint.trim());
            }
        }
        String details = environment.getProperty("management.endpoint.health.show-details", "never");
        if (!"never".equalsIgnoreCase(details)) {
            problems.add("management.endpoint.health.show-details=" + details);
        }
        for (String flag : List.of("debug", "trace")) {
            String value = environment.getProperty(flag);
            if (value != null && !"false".equalsIgnoreCase(value)) {
                problems.add(flag + "=" + value);
            }
        }
        String stacktrace = environment.getProperty("server.error.include-stacktrace", "never");
        if (!"never".equals(stacktrace.toLowerCase(Locale.ROOT))) {
            problems.add("server.error.include-stacktrace=" + stacktrace);
        }
        if (ClassUtils.isPresent(DEVTOOLS, getClass().getClassLoader())) {
            problems.add("spring-boot-devtools on the class path");
        }
        if (problems.isEmpty()) {
            return List.of(HardeningResult.pass(ID, 2,
                    "Only the health endpoint is exposed; no debug, trace, stack traces or devtools.",
                    "È esposto solo l'endpoint health; niente debug, trace, stack trace o devtools."));
        }
        String list = String.join("; ", problems);
        return List.of(HardeningResult.fail(ID, 2,
                "Debug or management endpoints are exposed: " + list + ". Remove these settings: they reveal "
                        + "configuration, memory or internals to whoever can reach the server.",
                "Sono esposti endpoint di debug o di gestione: " + list + ". Rimuovere queste impostazioni: "
                        + "rivelano configurazione, memoria o dettagli interni a chiunque raggiunga il server."));
    }
}
