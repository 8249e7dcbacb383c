package eu.custodia.tlog.verify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A tlog-tiles log served over HTTPS (or plain HTTP on a loopback address only, for local testing).
 * Redirects are not followed; responses are bounded; transient failures (I/O errors, 429, 5xx) are
 * retried with back-off so a long verification survives a brief outage.
 */
final class HttpLogSource implements LogSource {

    static final int ATTEMPTS = 4;

    private final URI base;
    private final String token;
    private final HttpClient client;
    private final Duration firstBackoff;

    private HttpLogSource(URI base, String token, HttpClient client, Duration firstBackoff) {
        this.base = base;
        this.token = token;
        this.client = client;
        this.firstBackoff = firstBackoff;
    }

    /**
     * Opens {@code url}. {@code sslContext} is the trust to use for HTTPS (the system trust store when
     * null); {@code token}, when not null, is sent as a bearer token.
     */
    static HttpLogSource open(String url, SSLContext sslContext, String token, Duration firstBackoff)
            throws IOException {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw new IOException("not a valid URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IOException("not an http(s) URL with a host: " + url);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IOException("plain http is allowed only on a loopback address; use https for " + url);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IOException("the log URL must not have a query or fragment: " + url);
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return new HttpLogSource(uri, token, builder.build(), firstBackoff);
    }

    private static boolean isLoopback(String host) throws IOException {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        for (InetAddress address : InetAddress.getAllByName(h)) {
            if (!address.isLoopbackAddress()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<byte[]> fetch(String path, int maxBytes) throws IOException {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        IOException last = null;
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<InputStream> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status == 200) {
                        byte[] data = body.readNBytes(maxBytes + 1);
                        if (data.length > maxBytes) {
                            throw new IOException(uri + " is larger than " + maxBytes + " bytes");
                        }
                        return Optional.of(data);
                    }
                    if (status == 404) {
                        return Optional.empty();
                    }
                    if (status == 401 || status == 403) {
                        throw new IOException(uri + " answered " + status
                                + (token == null ? "; the log needs a token (--token or CUSTODIA_TOKEN)"
                                        : "; the token was refused"));
                    }
                    if (status != 429 && status < 500) {
                        throw new IOException(uri + " answered HTTP " + status);
                    }
                    last = new IOException(uri + " answered HTTP " + status + " after " + attempt + " attempts");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + uri, e);
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                last = new IOException("cannot reach " + uri + " (" + e.getClass().getSimpleName() + ")", e);
            }
            if (attempt < ATTEMPTS) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
        throw last;
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String describe() {
        return base.toString();
    }
}
