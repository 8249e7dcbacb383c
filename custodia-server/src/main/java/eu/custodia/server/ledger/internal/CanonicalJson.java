package eu.custodia.server.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for the value domain of ledger entries: {@code null},
 * strings, lists and string-keyed maps of these. No whitespace; object members sorted by the UTF-16 code
 * units of their names (RFC 8785 §3.2.3, which {@link String#compareTo} implements); strings serialised as
 * ECMAScript's {@code JSON.stringify} does (RFC 8785 §3.2.2.2): {@code "} and {@code \} escaped, the control
 * characters U+0008, U+0009, U+000A, U+000C, U+000D as {@code \b \t \n \f \r}, the other controls below
 * U+0020 as {@code \}{@code u00xx} with lower-case hex, everything else literally; the result in UTF-8.
 * Lone surrogates are not valid I-JSON (RFC 7493 §2.1) and are rejected. Numbers and booleans are outside
 * the ledger's domain and rejected.
 */
public final class CanonicalJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /**
     * Returns the canonical UTF-8 encoding of {@code value}.
     *
     * @throws IllegalArgumentException if the value holds anything but null, strings, lists and maps with
     *     string keys, or a string with a lone surrogate
     */
    public static byte[] encode(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i));
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object member names must be strings");
                }
                sorted.put(key, e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("unsupported JSON value type " + value.getClass().getSimpleName()
                    + "; ledger entries hold only null, strings, arrays and objects");
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                            throw new IllegalArgumentException("string has a lone surrogate at index " + i);
                        }
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new IllegalArgumentException("string has a lone surrogate at index " + i);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
