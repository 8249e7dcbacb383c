package eu.custodia.tlog.tiles;

import eu.custodia.tlog.merkle.Rfc9162;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The RFC 9162 §2.1.1 definition of MTH, written recursively, and deterministic test entries. */
final class NaiveTree {

    private NaiveTree() {
    }

    static byte[] root(List<byte[]> entries) {
        List<byte[]> leaves = new ArrayList<>();
        for (byte[] e : entries) {
            leaves.add(Rfc9162.leafHash(e));
        }
        return leaves.isEmpty() ? Rfc9162.emptyRoot() : mth(leaves, 0, leaves.size());
    }

    private static byte[] mth(List<byte[]> leaves, int start, int end) {
        int n = end - start;
        if (n == 1) {
            return leaves.get(start);
        }
        int k = Integer.highestOneBit(n - 1);
        return Rfc9162.nodeHash(mth(leaves, start, start + k), mth(leaves, start + k, end));
    }

    /** Entry {@code i}: its index as 8 bytes, then {@code i % 50} filler bytes. */
    static byte[] entry(long i) {
        return ByteBuffer.allocate(8 + (int) (i % 50)).putLong(i).array();
    }

    static List<byte[]> entries(long from, long to) {
        List<byte[]> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(entry(i));
        }
        return out;
    }
}
