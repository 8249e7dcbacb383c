package eu.custodia.server.notices.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import eu.custodia.server.platform.Mode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delivery connects only to the addresses its own resolution approved, so DNS rebinding (a name that passed
 * the check with a public address and answers with a private one when the connection is made) cannot point a
 * webhook at the provider's network. The receiving server here listens on loopback, playing the private address.
 */
class WebhookClientPinningTest {

    private static final byte[] BODY = "{\"type\":\"access.request.requested\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("webhook-id") + " "
                    + exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static InetAddress[] addresses(String... literals) throws UnknownHostException {
        InetAddress[] result = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            result[i] = InetAddress.getByName(literals[i]);
        }
        return result;
    }

    @Test
    void connectionWhenTheResolverAnswersThenItGoesToThatAddressAndNoOther() throws Exception {
        // hooks.example is in no DNS: reaching the server proves the connection used the delivery's resolver.
        EndpointUrls dev = new EndpointUrls(Mode.DEV,
                host -> "hooks.example".equals(host) ? addresses("127.0.0.1") : addresses());
        try (WebhookClient client = new WebhookClient(dev, Duration.ofSeconds(5))) {
            int status = client.post(URI.create("http://hooks.example:" + port() + "/hook"),
                    Map.of("webhook-id", "msg_1"), BODY);
            assertThat(status).isEqualTo(204);
        }
        assertThat(received).containsExactly("msg_1 hooks.example:" + port());
    }

    @Test
    void productionWhenTheNameRebindsToAPrivateAddressAfterTheCheckThenRefusedBeforeAnyConnection()
            throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        EndpointUrls production = new EndpointUrls(Mode.PRODUCTION,
                host -> lookups.incrementAndGet() == 1 ? addresses("93.184.215.14") : addresses("127.0.0.1"));
        URI url = URI.create("https://hooks.example.com:" + port() + "/hook");
        assertThatCode(() -> production.check(url.toString())).doesNotThrowAnyException();
        try (WebhookClient client = new WebhookClient(production, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.post(url, Map.of("webhook-id", "msg_2"), BODY))
                    .isInstanceOf(WebhookClient.RefusedAddressException.class)
                    .hasMessageContaining("hooks.example.com").hasMessageContaining("not public");
        }
        assertThat(lookups).hasValue(2);
        assertThat(received).isEmpty();
    }

    @Test
    void productionWhenTheNameAnswersWithAPrivateAddressAmongPublicOnesThenRefusedAsAWhole() throws Exception {
        EndpointUrls production = new EndpointUrls(Mode.PRODUCTION,
                host -> addresses("93.184.215.14", "127.0.0.1", "169.254.169.254"));
        try (WebhookClient client = new WebhookClient(production, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.post(URI.create("https://hooks.example.com:" + port() + "/hook"),
                    Map.of("webhook-id", "msg_3"), BODY)).isInstanceOf(WebhookClient.RefusedAddressException.class);
        }
        assertThat(received).isEmpty();
    }

    @Test
    void productionWhenTheNameDoesNotResolveThenUnknownHostNotRefused() throws Exception {
        EndpointUrls production = new EndpointUrls(Mode.PRODUCTION, host -> addresses());
        try (WebhookClient client = new WebhookClient(production, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.post(URI.create("https://gone.example.com/hook"), Map.of(), BODY))
                    .isInstanceOf(UnknownHostException.class)
                    .isNotInstanceOf(WebhookClient.RefusedAddressException.class);
        }
    }
}
