package eu.custodia.tlog.merkle;

import java.util.HexFormat;

/** Lower-case hexadecimal for messages and key IDs (JDK {@link HexFormat}). */
public final class Hex {

    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    /** Returns the lower-case hex of {@code bytes}. */
    public static String encode(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
