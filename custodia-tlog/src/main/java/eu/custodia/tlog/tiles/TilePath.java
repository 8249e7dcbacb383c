package eu.custodia.tlog.tiles;

import eu.custodia.tlog.VerificationException;

/**
 * Encoding and strict parsing of C2SP tlog-tiles resource paths
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a>, "Merkle Tree" and "Log entries"):
 * {@code tile/<L>/<N>[.p/<W>]} and {@code tile/entries/<N>[.p/<W>]}.
 *
 * <p>{@code <L>} is decimal {@code 0..63} without leading zeroes. {@code <N>} is written as zero-padded
 * three-digit path elements, all but the last prefixed with {@code x}: index 1234067 is
 * {@code x001/x234/067}. {@code <W>} is decimal {@code 1..255} without leading zeroes. Parsing accepts
 * exactly the canonical encoding and nothing else.
 */
public final class TilePath {

    private static final String PREFIX = "tile/";
    private static final String ENTRIES = "entries";
    private static final String PARTIAL = ".p";
    /** Longest canonical path: "tile/entries/" + 6 x-groups + last group + ".p/255". */
    private static final int MAX_PATH_LENGTH = 64;
    /** 1000^7 exceeds Long.MAX_VALUE, so a canonical index has at most 7 groups. */
    private static final int MAX_GROUPS = 7;

    private TilePath() {
    }

    /** Returns the path of {@code tile}, e.g. {@code tile/0/x001/x234/067.p/8}. */
    public static String encode(TileId tile) {
        StringBuilder sb = new StringBuilder(40).append(PREFIX);
        if (tile.isEntryBundle()) {
            sb.append(ENTRIES);
        } else {
            sb.append(tile.level());
        }
        sb.append('/').append(encodeIndex(tile.index()));
        if (tile.isPartial()) {
            sb.append(PARTIAL).append('/').append(tile.width());
        }
        return sb.toString();
    }

    /** Returns the {@code <N>} encoding of a non-negative tile index, e.g. {@code x001/x234/067}. */
    public static String encodeIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " is negative");
        }
        String last = threeDigits(index % 1000);
        StringBuilder groups = new StringBuilder();
        for (long n = index / 1000; n > 0; n /= 1000) {
            groups.insert(0, "x" + threeDigits(n % 1000) + "/");
        }
        return groups.append(last).toString();
    }

    private static String threeDigits(long v) {
        String s = Long.toString(v);
        return "000".substring(s.length()) + s;
    }

    /**
     * Parses a tile or entry-bundle path relative to the log prefix.
     *
     * @throws VerificationException if {@code path} is not exactly a canonical tlog-tiles path
     */
    public static TileId parse(String path) throws VerificationException {
        if (path == null) {
            throw new VerificationException("tile path is missing");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new VerificationException("tile path is " + path.length() + " characters, longer than "
                    + MAX_PATH_LENGTH);
        }
        if (!path.startsWith(PREFIX)) {
            throw new VerificationException("tile path " + quote(path) + " does not start with \"tile/\"");
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new VerificationException("tile path " + quote(path) + " has an empty path element");
            }
        }
        int level = parseLevel(path, parts[0]);
        if (parts.length < 2) {
            throw new VerificationException("tile path " + quote(path) + " has no tile index");
        }
        int last = parts.length - 1;
        int width = TileId.FULL_WIDTH;
        String lastGroup = parts[last];
        if (parts.length >= 3 && parts[last - 1].endsWith(PARTIAL)) {
            width = parseWidth(path, parts[last]);
            last--;
            lastGroup = parts[last].substring(0, parts[last].length() - PARTIAL.length());
        }
        long index = parseIndex(path, parts, last, lastGroup);
        return new TileId(level, index, width);
    }

    private static int parseLevel(String path, String s) throws VerificationException {
        if (ENTRIES.equals(s)) {
            return TileId.ENTRIES;
        }
        int level = parseSmallDecimal(path, s, "level");
        if (level > TileId.MAX_LEVEL) {
            throw new VerificationException("tile path " + quote(path) + " has level " + level
                    + ", above the maximum 63");
        }
        return level;
    }

    private static int parseWidth(String path, String s) throws VerificationException {
        int width = parseSmallDecimal(path, s, "partial width");
        if (width < 1 || width > 255) {
            throw new VerificationException("tile path " + quote(path) + " has partial width " + width
                    + ", outside 1..255");
        }
        return width;
    }

    /** Parses a decimal of at most three digits with no leading zeroes. */
    private static int parseSmallDecimal(String path, String s, String what) throws VerificationException {
        if (s.isEmpty() || s.length() > 3 || !allDigits(s, 0)) {
            throw new VerificationException("tile path " + quote(path) + " has " + what + " " + quote(s)
                    + ", not a decimal number of at most three digits");
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            throw new VerificationException("tile path " + quote(path) + " has " + what + " " + quote(s)
                    + " with a leading zero");
        }
        return Integer.parseInt(s);
    }

    private static long parseIndex(String path, String[] parts, int last, String lastGroup)
            throws VerificationException {
        int groups = last;
        if (groups > MAX_GROUPS) {
            throw new VerificationException("tile path " + quote(path) + " has " + groups
                    + " index groups; at most " + MAX_GROUPS + " fit a 63-bit index");
        }
        long index = 0;
        for (int i = 1; i <= last; i++) {
            String g = i == last ? lastGroup : parts[i];
            boolean wantX = i < last;
            String digits = checkGroup(path, g, i, wantX);
            if (wantX && i == 1 && "000".equals(digits)) {
                throw new VerificationException("tile path " + quote(path) + " has leading index group "
                        + quote(g) + "; the index must not be padded with zero groups");
            }
            try {
                index = Math.addExact(Math.multiplyExact(index, 1000L), Integer.parseInt(digits));
            } catch (ArithmeticException e) {
                throw new VerificationException("tile path " + quote(path) + " has an index above 2^63-1", e);
            }
        }
        return index;
    }

    private static String checkGroup(String path, String g, int position, boolean wantX)
            throws VerificationException {
        boolean hasX = !g.isEmpty() && g.charAt(0) == 'x';
        if (wantX && !hasX) {
            throw new VerificationException("tile path " + quote(path) + " has index group " + position + " "
                    + quote(g) + " without the \"x\" prefix required on all but the last group");
        }
        if (!wantX && hasX) {
            throw new VerificationException("tile path " + quote(path) + " has last index group " + quote(g)
                    + " with an \"x\" prefix, allowed only on earlier groups");
        }
        int start = hasX ? 1 : 0;
        if (g.length() != start + 3 || !allDigits(g, start)) {
            throw new VerificationException("tile path " + quote(path) + " has index group " + position + " "
                    + quote(g) + ", not " + (wantX ? "\"x\" and " : "") + "exactly three decimal digits");
        }
        return g.substring(start);
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Quotes untrusted text for a message, escaping anything outside printable ASCII. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.chars().limit(MAX_PATH_LENGTH + 16L).forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
            }
        });
        return sb.append('"').toString();
    }
}
