package eu.custodia.tlog.tiles;

import java.util.Arrays;

/**
 * The encoded entries of the rightmost, still partial, entry bundle of a growing log
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a> "Log entries"), in a growable buffer so
 * that each appended entry is copied once.
 */
final class PartialBundle {

    private byte[] buf;
    private int len;

    PartialBundle(byte[] encoded, int entries) {
        this.buf = entries == 0 ? new byte[4096] : Arrays.copyOf(encoded, Math.max(encoded.length, 4096));
        this.len = entries == 0 ? 0 : encoded.length;
    }

    /** Appends one entry, already checked to be at most 65,535 bytes. */
    void add(byte[] entry) {
        int need = len + 2 + entry.length;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
        len = EntryBundle.put(buf, len, entry);
    }

    /** Returns a copy of the bundle as encoded so far. */
    byte[] snapshot() {
        return Arrays.copyOf(buf, len);
    }

    /** Returns the encoded bundle and starts an empty one. */
    byte[] take() {
        byte[] out = snapshot();
        len = 0;
        return out;
    }
}
