package eu.custodia.tlog.tiles;

import java.util.Arrays;

/**
 * The encoded entries of the rightmost, still partial, entry bundle of a growing log
 * (<a href="https://c2sp.org/tlog-tiles">c2sp.org/tlog-tiles</a> "Log entries"), in a growable buffer so
 * that each appended entry is copied once.
 */
final class PartialBundle {

    private static final int MIN_CAPACITY = 4096;

    private byte[] buf;
    private int len;

    PartialBundle(byte[] encoded, int entries) {
        this.buf = entries == 0 ? new byte[MIN_CAPACITY]
                : Arrays.copyOf(encoded, Math.max(encoded.length, MIN_CAPACITY));
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

    /**
     * Returns the current buffer. Bytes below {@link #length()} are never rewritten: entries are only
     * added after them, and a full bundle is handed over with a fresh buffer started.
     */
    byte[] buffer() {
        return buf;
    }

    /** Returns the encoded length so far. */
    int length() {
        return len;
    }

    /** Returns a copy of the bundle as encoded so far. */
    byte[] snapshot() {
        return Arrays.copyOf(buf, len);
    }

    /**
     * Returns the encoded bundle and starts an empty one. The next buffer is sized like this bundle, so
     * that with entries of steady size the buffer is handed over as is, without a copy.
     */
    byte[] take() {
        byte[] out = len == buf.length ? buf : snapshot();
        buf = new byte[Math.max(len, MIN_CAPACITY)];
        len = 0;
        return out;
    }
}
