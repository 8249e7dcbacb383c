package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.TlsProperties;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Makes the web server HTTPS-only: points {@code server.ssl.bundle} at the PEM bundle {@code custodia}
 * ({@link TlsProperties#BUNDLE}) with {@code reload-on-update}, and sets the bundle's protocols and cipher
 * suites in its {@code options} (Spring Boot ignores {@code server.ssl.ciphers} once a bundle is used).
 *
 * <p>The values are computed when read, not now, because the data directory and certificate paths may be
 * set after this runs (by context initializers). The source is added last, so explicit settings win; the
 * hardening check refuses explicit settings weaker than these in production. Skipped for applications
 * without a web server ({@code ./custodia doctor}).
 */
public final class TlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "custodiaTlsDefaults";
    private static final String PREFIX = "spring.ssl.bundle.pem." + TlsProperties.BUNDLE + ".";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getWebApplicationType() == WebApplicationType.NONE
                || environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new TlsDefaults(environment));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Reads the TLS settings as bound now (custodia.tls, custodia.data-dir). */
    static TlsProperties tls(ConfigurableEnvironment environment) {
        return Binder.get(environment).bindOrCreate("custodia.tls", Bindable.of(TlsProperties.class));
    }

    static Path dataDir(ConfigurableEnvironment environment) {
        return Path.of(environment.getProperty("custodia.data-dir", "./data"));
    }

    /**
     * The computed values. Its source object is the value map, not the environment: Spring Boot descends
     * into a property source whose source is an environment, which would loop.
     */
    private static final class TlsDefaults
            extends EnumerablePropertySource<Map<String, Function<ConfigurableEnvironment, Object>>> {

        private static final Map<String, Function<ConfigurableEnvironment, Object>> VALUES = Map.of(
                "server.ssl.bundle", e -> TlsProperties.BUNDLE,
                "server.ssl.enabled", e -> "true",
                PREFIX + "reload-on-update", e -> "true",
                PREFIX + "keystore.certificate", e -> location(tls(e).servedCertificate(dataDir(e))),
                PREFIX + "keystore.private-key", e -> location(tls(e).servedPrivateKey(dataDir(e))),
                PREFIX + "keystore.verify-keys", e -> "true",
                PREFIX + "options.enabled-protocols", e -> String.join(",", tls(e).protocols()),
                PREFIX + "options.ciphers", e -> String.join(",", tls(e).ciphers()));

        private final ConfigurableEnvironment environment;

        TlsDefaults(ConfigurableEnvironment environment) {
            super(SOURCE_NAME, VALUES);
            this.environment = environment;
        }

        @Override
        public String[] getPropertyNames() {
            return VALUES.keySet().toArray(String[]::new);
        }

        @Override
        public Object getProperty(String name) {
            Function<ConfigurableEnvironment, Object> value = VALUES.get(name);
            return value == null ? null : value.apply(environment);
        }

        private static String location(Path path) {
            return "file:" + path.toAbsolutePath().normalize();
        }
    }
}
