package eu.custodia.bench;

import java.util.Locale;
/** The little JSON the runner writes: strings and already formatted numbers. */
final class Json {

    private Json() {
    }

    /** Returns {@code s} as a JSON string literal, or {@code null}. */
    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** Returns a decimal number written by {@link Figure#round}, or {@code null}. */
    static String number(String decimal) {
        return decimal == null ? "null" : decimal;
    }
}
