package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EntryBundleTest {

    @Test
    void encodeWhenEntriesThenBigEndianUint16LengthPrefixes() throws VerificationException {
        byte[] bundle = EntryBundle.encode(List.of(new byte[] {1, 2, 3}, new byte[0], new byte[300]));
        assertThat(HexFormat.of().formatHex(bundle, 0, 8)).isEqualTo("0003010203000001");
        assertThat(bundle).hasSize(2 + 3 + 2 + 2 + 300);
        assertThat(EntryBundle.decode(bundle, 3)).satisfiesExactly(
                e -> assertThat(e).containsExactly(1, 2, 3),
                e -> assertThat(e).isEmpty(),
                e -> assertThat(e).hasSize(300));
    }

    @Property(tries = 200)
    void decodeWhenEncodedThenRoundTrips(@ForAll @Size(max = 256) List<@Size(max = 600) byte[]> entries)
            throws VerificationException {
        byte[] bundle = EntryBundle.encode(entries);
        List<byte[]> decoded = EntryBundle.decode(bundle, entries.size());
        assertThat(decoded).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(decoded.get(i)).isEqualTo(entries.get(i));
        }
        assertThat(EntryBundle.decode(bundle)).hasSameSizeAs(entries);
    }

    @Test
    void encodeWhenEntryLargestAllowedThenAccepted() throws VerificationException {
        byte[] bundle = EntryBundle.encode(List.of(new byte[65_535]));
        assertThat(bundle).hasSize(65_537);
        assertThat(EntryBundle.decode(bundle, 1).get(0)).hasSize(65_535);
    }

    @Test
    void encodeWhenEntryOversizedThenRejectedNamingIndexAndSize() {
        List<byte[]> entries = List.of(new byte[1], new byte[2], new byte[65_536]);
        assertThatThrownBy(() -> EntryBundle.encode(entries))
                .isInstanceOf(VerificationException.class)
                .hasMessage("entry 2 is 65536 bytes; a tlog-tiles entry bundle holds entries of at most 65535 bytes");
    }

    @Test
    void encodeWhenMoreThan256EntriesThenRejected() {
        assertThatThrownBy(() -> EntryBundle.encode(Collections.nCopies(257, new byte[0])))
                .isInstanceOf(VerificationException.class).hasMessageContaining("cannot hold 257 entries");
    }

    @Test
    void decodeWhenLengthPrefixTruncatedThenRejected() throws VerificationException {
        byte[] bundle = Arrays.copyOf(EntryBundle.encode(List.of(new byte[] {7})), 4);
        assertThatThrownBy(() -> EntryBundle.decode(bundle))
                .isInstanceOf(VerificationException.class)
                .hasMessage("entry bundle is truncated in the length prefix of entry 1");
    }

    @Test
    void decodeWhenEntryTruncatedThenRejected() throws VerificationException {
        byte[] full = EntryBundle.encode(List.of(new byte[] {7}, new byte[10]));
        byte[] bundle = Arrays.copyOf(full, full.length - 1);
        assertThatThrownBy(() -> EntryBundle.decode(bundle, 2))
                .isInstanceOf(VerificationException.class)
                .hasMessage("entry bundle is truncated: entry 1 declares 10 bytes but only 9 remain");
    }

    @Test
    void decodeWhenTrailingBytesAfterExpectedEntriesThenRejected() throws VerificationException {
        byte[] bundle = EntryBundle.encode(List.of(new byte[] {7}, new byte[] {8}));
        assertThatThrownBy(() -> EntryBundle.decode(bundle, 1))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("3 trailing bytes after entry 0");
    }

    @Test
    void decodeWhenMoreThan256EntriesThenRejected() throws VerificationException {
        byte[] bundle = Arrays.copyOf(EntryBundle.encode(Collections.nCopies(256, new byte[0])), 514);
        assertThatThrownBy(() -> EntryBundle.decode(bundle))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("2 trailing bytes after entry 255");
    }

    @Test
    void decodeWhenFewerEntriesThanWidthThenRejected() throws VerificationException {
        byte[] bundle = EntryBundle.encode(List.of(new byte[] {7}));
        assertThatThrownBy(() -> EntryBundle.decode(bundle, 2))
                .isInstanceOf(VerificationException.class)
                .hasMessage("entry bundle holds 1 entries, expected 2");
        assertThatThrownBy(() -> EntryBundle.decode(new byte[0], 1))
                .isInstanceOf(VerificationException.class)
                .hasMessage("entry bundle holds 0 entries, expected 1");
    }

    @Test
    void decodeWhenLargerThanAnyBundleThenRejectedBeforeParsing() {
        byte[] bundle = new byte[EntryBundle.MAX_BUNDLE_SIZE + 1];
        assertThatThrownBy(() -> EntryBundle.decode(bundle))
                .isInstanceOf(VerificationException.class).hasMessageContaining("larger than any valid bundle");
    }

    @Test
    void encodeWhenEntryMissingThenRejected() {
        List<byte[]> entries = new ArrayList<>();
        entries.add(null);
        assertThatThrownBy(() -> EntryBundle.encode(entries))
                .isInstanceOf(VerificationException.class).hasMessage("entry 0 is missing");
    }
}
