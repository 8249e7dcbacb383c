package eu.custodia.server.notices.internal;

import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.Mode;
import eu.custodia.server.platform.ProblemException;
import eu.custodia.server.platform.ProblemType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * Which webhook endpoint addresses are accepted. An absolute {@code https} URL without user information or
 * fragment, at most {@value #MAX_LENGTH} characters. In {@code production} mode its host must also resolve, and
 * only to public addresses: never loopback, link-local (the cloud metadata service), private (RFC 1918, IPv6
 * unique-local), carrier-grade NAT, wildcard or multicast ones, so that an endpoint cannot point Custodia at
 * the provider's own network. In {@code dev} mode (demos, tests) plain {@code http} is allowed to a loopback
 * host only. Checked when an endpoint is added and again before every delivery (the name may resolve
 * elsewhere by then); the delivery's connection then goes only to the addresses {@link #addresses} approved
 * for it ({@link WebhookClient}), so a name cannot be re-pointed at a private address between check and
 * connection.
 */
final class EndpointUrls {

    /** The stable problem type of a refused address (400). */
    static final ProblemType REFUSED = new ProblemType("webhook-url-refused", HttpStatus.BAD_REQUEST,
            "The webhook endpoint's address is not allowed");
    static final int MAX_LENGTH = 2048;
    /** The longest DNS name (RFC 1035). */
    static final int MAX_HOST = 253;

    /** Resolves a host name to its addresses (a seam for tests). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Mode mode;
    private final Resolver resolver;

    EndpointUrls(Mode mode) {
        this(mode, InetAddress::getAllByName);
    }

    EndpointUrls(Mode mode, Resolver resolver) {
        this.mode = mode;
        this.resolver = resolver;
    }

    /**
     * The URL, checked.
     *
     * @throws ProblemException {@code webhook-url-refused} (400, English and Italian) naming what is wrong
     */
    URI check(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            throw refused("url is required: an https URL of at most " + MAX_LENGTH + " characters.",
                    "url è obbligatorio: un URL https di al massimo " + MAX_LENGTH + " caratteri.");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw refused("url is not a valid URL.", "url non è un URL valido.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!uri.isAbsolute() || host == null || host.isEmpty() || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw refused("url must be an absolute URL with a host, without user information or fragment.",
                    "url deve essere un URL assoluto con un host, senza credenziali né frammento.");
        }
        if (host.length() > MAX_HOST) {
            throw refused("url's host name is longer than " + MAX_HOST + " characters.",
                    "il nome host di url supera " + MAX_HOST + " caratteri.");
        }
        boolean loopbackName = isLoopbackName(host);
        if ("http".equals(scheme) && mode == Mode.DEV && loopbackName) {
            return uri;
        }
        if (!"https".equals(scheme)) {
            throw refused("url must use https" + (mode == Mode.DEV ? " (plain http only to 127.0.0.1 in dev mode)." : "."),
                    "url deve usare https" + (mode == Mode.DEV ? " (http semplice solo verso 127.0.0.1 in modalità dev)."
                            : "."));
        }
        if (mode == Mode.PRODUCTION) {
            requirePublic(host);
        }
        return uri;
    }

    /** In {@code production} mode (the only caller): the host must resolve, and only to public addresses. */
    private void requirePublic(String host) {
        if (isLoopbackName(host)) {
            throw notPublic();
        }
        try {
            addresses(host);
        } catch (WebhookClient.RefusedAddressException e) {
            throw notPublic();
        } catch (UnknownHostException e) {
            throw refused("url's host does not resolve.", "l'host di url non si risolve.");
        }
    }

    /**
     * The addresses a delivery may connect to for {@code host}, resolved now: in {@code production} mode only when
     * every one is public (a name that answers with a private address among public ones is refused as a whole).
     *
     * @throws WebhookClient.RefusedAddressException in {@code production} mode, an address that is not public
     * @throws UnknownHostException the name does not resolve
     */
    InetAddress[] addresses(String host) throws UnknownHostException {
        InetAddress[] found = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        if (found.length == 0) {
            throw new UnknownHostException(host);
        }
        if (mode == Mode.PRODUCTION) {
            for (InetAddress address : found) {
                if (!isPublic(address)) {
                    throw new WebhookClient.RefusedAddressException(host);
                }
            }
        }
        return found;
    }

    private static ProblemException notPublic() {
        return refused("url must reach a public address, not a loopback, link-local, private or multicast one.",
                "url deve raggiungere un indirizzo pubblico, non di loopback, link-local, privato o multicast.");
    }

    private static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
    }

    /** True for an address on the public internet. */
    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique-local fc00::/7
                return false;
            }
            boolean mapped = true; // ::ffff:a.b.c.d — judge the IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ProblemException refused(String en, String it) {
        return BilingualProblem.field(REFUSED, "url", en, it);
    }
}
