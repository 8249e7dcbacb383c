package eu.custodia.server.notices.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client of webhook deliveries, pinned to the addresses it checked. A host name is resolved once per
 * connection, by {@link EndpointUrls#addresses}, which in {@code production} mode refuses the name unless every
 * address is public; the connection then goes to exactly those addresses. So a name that resolved to a public
 * address when the endpoint was added, or a moment ago in the URL check, and resolves to the provider's own
 * network now (DNS rebinding) is refused before any connection is opened. Redirects are not followed and
 * nothing is retried here (the outbox retries, with its backoff). The response body is never read: the status
 * is the whole answer.
 */
final class WebhookClient implements AutoCloseable {

    /** The name resolved, in {@code production} mode, to an address that is not public. */
    static final class RefusedAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        RefusedAddressException(String host) {
            super(host + " resolves to an address that is not public");
        }
    }

    private final CloseableHttpClient http;

    WebhookClient(EndpointUrls urls, Duration timeout) {
        Timeout limit = Timeout.of(timeout);
        DnsResolver pinned = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return urls.addresses(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(pinned)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit)
                                .setSocketTimeout(limit).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableAuthCaching().setUserAgent("Custodia-Webhooks/1").build();
    }

    /**
     * POSTs {@code body} as JSON with {@code headers}, and returns the answer's status.
     *
     * @throws RefusedAddressException the host now resolves to an address that is not public
     * @throws IOException no connection, a timeout, or a broken answer
     */
    int post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        // closing the response without reading its body drops the connection instead of draining it
        try (ClassicHttpResponse response = http.executeOpen(null, post, null)) {
            return response.getCode();
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
