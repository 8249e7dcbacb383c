package eu.custodia.bench.ledger;

import eu.custodia.server.CustodiaApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Custodia application started in this JVM on a {@link BenchStore}, with logging at WARN. Settings are
 * passed as command-line arguments, so they take precedence over the application's own configuration.
 */
public final class InProcessServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final BenchStore store;

    private InProcessServer(ConfigurableApplicationContext context, BenchStore store) {
        this.context = context;
        this.store = store;
    }

    /**
     * Starts the application on {@code store}.
     *
     * @param web whether to start the web server (on a free port); without it no HTTP listener exists
     * @param settings more settings, overriding the defaults here
     * @param extraSources more configuration classes, e.g. {@link NoOpLedgerConfiguration}
     */
    public static InProcessServer start(BenchStore store, boolean web, Map<String, Object> settings,
            Class<?>... extraSources) {
        Map<String, Object> all = new LinkedHashMap<>(store.properties());
        all.put("server.port", "0");
        all.put("logging.level.root", "WARN");
        all.put("spring.main.banner-mode", "off");
        all.putAll(settings);
        List<String> args = new ArrayList<>();
        all.forEach((k, v) -> args.add("--" + k + "=" + v));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(CustodiaApplication.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                .logStartupInfo(false)
                .registerShutdownHook(false);
        if (extraSources.length > 0) {
            builder.sources(extraSources);
        }
        return new InProcessServer(builder.run(args.toArray(String[]::new)), store);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Returns the port the web server listens on. */
    public int port() {
        String port = context.getEnvironment().getProperty("local.server.port");
        if (port == null) {
            throw new IllegalStateException("the application has no web server");
        }
        return Integer.parseInt(port);
    }

    /** Returns an HTTP client for this server (HTTPS when it serves TLS). */
    public ServerHttp http() throws Exception {
        return ServerHttp.forServer(store.dataDir(), port());
    }

    @Override
    public void close() {
        context.close();
    }
}
