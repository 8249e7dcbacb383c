package eu.custodia.bench.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.tlog.merkle.Rfc9162;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Sha256LimitTest {

    @Test
    void computesTheRfc9162RootForAPowerOfTwo() {
        List<byte[]> entries = List.of(new byte[] {1}, new byte[] {2, 2}, new byte[1024], new byte[] {});
        byte[] l0 = Rfc9162.leafHash(entries.get(0));
        byte[] l1 = Rfc9162.leafHash(entries.get(1));
        byte[] l2 = Rfc9162.leafHash(entries.get(2));
        byte[] l3 = Rfc9162.leafHash(entries.get(3));
        byte[] root = Rfc9162.nodeHash(Rfc9162.nodeHash(l0, l1), Rfc9162.nodeHash(l2, l3));
        byte[] out = new Sha256Limit(entries.size()).hash(entries);
        assertThat(Arrays.copyOf(out, 32)).isEqualTo(root);
    }

    @Test
    void foldsAnOddCountWithOneNodeHashFewerThanLeaves() {
        List<byte[]> entries = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3});
        byte[] l0 = Rfc9162.leafHash(entries.get(0));
        byte[] l1 = Rfc9162.leafHash(entries.get(1));
        byte[] l2 = Rfc9162.leafHash(entries.get(2));
        byte[] expected = Rfc9162.nodeHash(Rfc9162.nodeHash(l0, l1), l2);
        assertThat(Arrays.copyOf(new Sha256Limit(3).hash(entries), 32)).isEqualTo(expected);
    }
}
