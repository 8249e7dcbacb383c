package eu.custodia.tlog.tiles;

import eu.custodia.tlog.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry bundle format of <a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a> ("Log entries"):
 * a sequence of log entries, each prefixed with its length as a big-endian uint16. A bundle holds at most
 * 256 entries, so no entry may exceed 65,535 bytes. Decoding is bounded and strict: every length must fit
 * in the remaining bytes and nothing may follow the last entry.
 */
public final class EntryBundle {

    /** Largest entry a bundle can hold, in bytes. */
    public static final int MAX_ENTRY_SIZE = 0xFFFF;

    /** Most entries a bundle can hold. */
    public static final int MAX_ENTRIES = TileId.FULL_WIDTH;

    /** Largest possible encoded bundle, in bytes. */
    public static final int MAX_BUNDLE_SIZE = MAX_ENTRIES * (2 + MAX_ENTRY_SIZE);

    private EntryBundle() {
    }

    /**
     * Encodes up to 256 entries as a bundle.
     *
     * @throws VerificationException if there are more than 256 entries or an entry exceeds 65,535 bytes
     */
    public static byte[] encode(List<byte[]> entries) throws VerificationException {
        if (entries.size() > MAX_ENTRIES) {
            throw new VerificationException("entry bundle cannot hold " + entries.size()
                    + " entries; the maximum is " + MAX_ENTRIES);
        }
        int total = 0;
        for (int i = 0; i < entries.size(); i++) {
            total += 2 + checkEntry(entries.get(i), i);
        }
        byte[] out = new byte[total];
        int pos = 0;
        for (byte[] e : entries) {
            pos = put(out, pos, e);
        }
        return out;
    }

    /**
     * Returns the length of {@code entry}.
     *
     * @throws VerificationException naming {@code position} if the entry is larger than 65,535 bytes
     */
    static int checkEntry(byte[] entry, long position) throws VerificationException {
        if (entry == null) {
            throw new VerificationException("entry " + position + " is missing");
        }
        if (entry.length > MAX_ENTRY_SIZE) {
            throw new VerificationException("entry " + position + " is " + entry.length
                    + " bytes; a tlog-tiles entry bundle holds entries of at most " + MAX_ENTRY_SIZE + " bytes");
        }
        return entry.length;
    }

    /** Writes the uint16 length and the entry at {@code pos}; returns the position after it. */
    static int put(byte[] out, int pos, byte[] entry) {
        out[pos] = (byte) (entry.length >>> 8);
        out[pos + 1] = (byte) entry.length;
        System.arraycopy(entry, 0, out, pos + 2, entry.length);
        return pos + 2 + entry.length;
    }

    /**
     * Decodes a bundle of any size up to 256 entries.
     *
     * @throws VerificationException if the bundle is truncated, has trailing bytes or too many entries
     */
    public static List<byte[]> decode(byte[] bundle) throws VerificationException {
        return decode(bundle, -1);
    }

    /**
     * Decodes a bundle that must hold exactly {@code expectedEntries} entries (its tile width).
     *
     * @throws VerificationException if the bundle is truncated, has trailing bytes or another entry count
     */
    public static List<byte[]> decode(byte[] bundle, int expectedEntries) throws VerificationException {
        int[] index = index(bundle, expectedEntries);
        List<byte[]> entries = new ArrayList<>(index.length / 2);
        for (int i = 0; i < index.length; i += 2) {
            entries.add(Arrays.copyOfRange(bundle, index[i], index[i] + index[i + 1]));
        }
        return entries;
    }

    /**
     * Validates {@code bundle} whole and returns where its entries are, without copying them: entry
     * {@code i} is {@code bundle[index[2i], index[2i] + index[2i+1])}. {@code expectedEntries} is the exact
     * count required, or -1 for any count up to 256.
     *
     * @throws VerificationException if the bundle is truncated, has trailing bytes, or the wrong count
     */
    public static int[] index(byte[] bundle, int expectedEntries) throws VerificationException {
        if (expectedEntries > MAX_ENTRIES) {
            throw new IllegalArgumentException("expected " + expectedEntries + " entries, above 256");
        }
        if (bundle.length > MAX_BUNDLE_SIZE) {
            throw new VerificationException("entry bundle is " + bundle.length
                    + " bytes, larger than any valid bundle (" + MAX_BUNDLE_SIZE + ")");
        }
        int[] index = new int[2 * (expectedEntries < 0 ? MAX_ENTRIES : expectedEntries)];
        int i = 0;
        int pos = 0;
        while (pos < bundle.length) {
            if (i == MAX_ENTRIES || i == expectedEntries) {
                throw new VerificationException("entry bundle has " + (bundle.length - pos)
                        + " trailing bytes after entry " + (i - 1) + " (" + i + " entries expected at most)");
            }
            if (bundle.length - pos < 2) {
                throw new VerificationException("entry bundle is truncated in the length prefix of entry " + i);
            }
            int len = ((bundle[pos] & 0xFF) << 8) | (bundle[pos + 1] & 0xFF);
            pos += 2;
            if (len > bundle.length - pos) {
                throw new VerificationException("entry bundle is truncated: entry " + i + " declares " + len
                        + " bytes but only " + (bundle.length - pos) + " remain");
            }
            index[2 * i] = pos;
            index[2 * i + 1] = len;
            pos += len;
            i++;
        }
        if (expectedEntries >= 0 && i != expectedEntries) {
            throw new VerificationException("entry bundle holds " + i + " entries, expected " + expectedEntries);
        }
        return i * 2 == index.length ? index : Arrays.copyOf(index, 2 * i);
    }
}
