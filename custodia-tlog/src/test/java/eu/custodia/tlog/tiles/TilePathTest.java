package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TilePathTest {

    @Test
    void encodeWhenIndexFromSpecThenGroupsOfThreeWithXPrefix() {
        assertThat(TilePath.encodeIndex(1234067)).isEqualTo("x001/x234/067");
        assertThat(TileId.hashTile(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 256, tile/0/000",
        "0, 273, 112, tile/0/273.p/112",
        "1, 1, 17, tile/1/001.p/17",
        "2, 0, 1, tile/2/000.p/1",
        "1, 1000, 256, tile/1/x001/000",
        "63, 999, 255, tile/63/999.p/255",
        "-1, 0, 256, tile/entries/000",
        "-1, 1234067, 5, tile/entries/x001/x234/067.p/5",
        "5, 9223372036854775807, 256, tile/5/x009/x223/x372/x036/x854/x775/807",
    })
    void encodeWhenValidTileThenCanonicalPathAndParsesBack(int level, long index, int width, String path)
            throws VerificationException {
        TileId id = new TileId(level, index, width);
        assertThat(id.path()).isEqualTo(path);
        assertThat(TilePath.parse(path)).isEqualTo(id);
    }

    @Property
    void parseWhenEncodedThenRoundTrips(@ForAll @IntRange(min = -1, max = 63) int level,
            @ForAll @LongRange(min = 0) long index, @ForAll @IntRange(min = 1, max = 256) int width)
            throws VerificationException {
        TileId id = new TileId(level, index, width);
        assertThat(TilePath.parse(id.path())).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tile/0/001/002 | without the \"x\" prefix",
        "tile/0/x001 | last index group \"x001\" with an \"x\" prefix",
        "tile/0/x000/001 | must not be padded with zero groups",
        "tile/0/01 | not exactly three decimal digits",
        "tile/0/0001 | not exactly three decimal digits",
        "tile/0/x01/001 | not \"x\" and exactly three decimal digits",
        "tile/0/x0001/001 | not \"x\" and exactly three decimal digits",
        "tile/0/X001/001 | without the \"x\" prefix",
        "tile/0/-01 | not exactly three decimal digits",
        "tile/0/abc | not exactly three decimal digits",
        "tile/0/1a3 | not exactly three decimal digits",
        "tile/00/000 | with a leading zero",
        "tile/01/000 | with a leading zero",
        "tile/64/000 | above the maximum 63",
        "tile/-1/000 | not a decimal number",
        "tile/+1/000 | not a decimal number",
        "tile/1000/000 | not a decimal number",
        "tile/data/000 | not a decimal number",
        "tile/Entries/000 | not a decimal number",
        "tile/0/000.p/0 | partial width 0, outside 1..255",
        "tile/0/000.p/256 | partial width 256, outside 1..255",
        "tile/0/000.p/010 | with a leading zero",
        "tile/0/000.p/-5 | not a decimal number",
        "tile/0/000.p/ | has an empty path element",
        "tile/0/000.p | not exactly three decimal digits",
        "tile/0/000.P/5 | index group 1 \"000.P\" without the \"x\" prefix",
        "tile/0/x001.p/5 | with an \"x\" prefix",
        "tile/0/000/ | has an empty path element",
        "tile/0//000 | has an empty path element",
        "tile/0/../000 | without the \"x\" prefix",
        "tile/0/x001/../000 | index group 2 \"..\" without the \"x\" prefix",
        "tile/0/./000 | without the \"x\" prefix",
        "tile/0 | has no tile index",
        "tile/ | has an empty path element",
        "/tile/0/000 | does not start with \"tile/\"",
        "tiles/0/000 | does not start with \"tile/\"",
        "../tile/0/000 | does not start with \"tile/\"",
        "tile/0/x009/x223/x372/x036/x854/x775/808 | index above 2^63-1",
        "tile/0/x001/x000/x000/x000/x000/x000/x000/000 | 8 index groups",
        "tile/0/000 | never",
    })
    void parseWhenPathMalformedThenRejectedWithPreciseMessage(String path, String message) {
        if ("never".equals(message)) {
            return;
        }
        assertThatThrownBy(() -> TilePath.parse(path))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parseWhenGroupHasLeadingXMissingThenRejected() {
        assertThatThrownBy(() -> TilePath.parse("tile/0/001/234/067"))
                .isInstanceOf(VerificationException.class)
                .hasMessage("tile path \"tile/0/001/234/067\" has index group 1 \"001\" without the \"x\" prefix"
                        + " required on all but the last group");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tile", "tile/0/000\u0000", "tile/0/000\n", "tile/0/\u0661\u0662\u0663",
        "tile\\0\\000", "tile/0/000.p/5/6", "tile/0/000.p/5.p/6", "tile/entries/x1/000", " tile/0/000"})
    void parseWhenPathOddThenRejected(String path) {
        assertThatThrownBy(() -> TilePath.parse(path)).isInstanceOf(VerificationException.class);
    }

    @Test
    void parseWhenPathTooLongOrNullThenRejected() {
        assertThatThrownBy(() -> TilePath.parse("tile/0/" + "x001/".repeat(100) + "000"))
                .isInstanceOf(VerificationException.class).hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> TilePath.parse(null))
                .isInstanceOf(VerificationException.class).hasMessage("tile path is missing");
    }

    @Test
    void quoteWhenControlCharactersThenEscaped() {
        assertThat(TilePath.quote("a\u0000\"b")).isEqualTo("\"a\\u0000\\u0022b\"");
    }
}
