package eu.custodia.server.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code If-Match} header (RFC 9110 §13.1.1): {@code *} or a list of strong entity tags. Our ETags
 * are a resource's version in quotes, e.g. {@code "3"}. Weak or malformed tags never match.
 */
public record IfMatch(boolean any, List<String> tags) {

    private static final Pattern TAG = Pattern.compile("\"([^\"]*)\"");

    public IfMatch {
        tags = List.copyOf(tags);
    }

    /** Parses the header, or returns {@code null} if it is absent. */
    public static IfMatch parse(String header) {
        if (header == null) {
            return null;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<String> tags = new ArrayList<>();
        for (String part : header.split(",", 64)) {
            Matcher m = TAG.matcher(part.trim());
            if (m.matches()) {
                tags.add(m.group(1));
            }
        }
        return new IfMatch(false, tags);
    }

    public boolean matches(long version) {
        return any || tags.contains(Long.toString(version));
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }
}
