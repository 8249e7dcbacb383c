package eu.custodia.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TileMathTest {

    private static List<String> paths(List<TileId> tiles) {
        return tiles.stream().map(TileId::path).collect(Collectors.toList());
    }

    @Test
    void tilesWhenSizeIsSpecExample70000ThenTheFiveKindsOfTilesFromTheSpec() {
        List<TileId> tiles = TileMath.tiles(70_000).collect(Collectors.toList());
        assertThat(tiles).hasSize(273 + 1 + 1 + 1 + 1);
        assertThat(tiles.stream().filter(t -> t.level() == 0 && !t.isPartial())).hasSize(273);
        assertThat(paths(tiles.subList(273, tiles.size())))
                .containsExactly("tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1");
        assertThat(paths(TileMath.partialTiles(70_000)))
                .containsExactly("tile/0/273.p/112", "tile/1/001.p/17", "tile/2/000.p/1");
        assertThat(paths(TileMath.rightmostTiles(70_000)))
                .containsExactly("tile/0/273.p/112", "tile/1/001.p/17", "tile/2/000.p/1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0     | 0   | ''",
        "1     | 1   | tile/0/000.p/1",
        "255   | 1   | tile/0/000.p/255",
        "256   | 2   | tile/0/000 tile/1/000.p/1",
        "257   | 3   | tile/0/000 tile/0/001.p/1 tile/1/000.p/1",
        "65535 | 257 | tile/0/000 tile/0/254 tile/0/255.p/255 tile/1/000.p/255",
        "65536 | 258 | tile/0/000 tile/0/255 tile/1/000 tile/2/000.p/1",
        "65537 | 259 | tile/0/000 tile/0/255 tile/0/256.p/1 tile/1/000 tile/2/000.p/1",
        "70000 | 277 | tile/0/000 tile/0/272 tile/0/273.p/112 tile/1/000 tile/1/001.p/17 tile/2/000.p/1",
    })
    void tilesWhenSizeGivenThenExpectedCountAndTiles(long size, int count, String someTiles) {
        List<String> tiles = TileMath.tiles(size).map(TileId::path).collect(Collectors.toList());
        assertThat(tiles).hasSize(count).doesNotHaveDuplicates();
        if (!someTiles.isEmpty()) {
            assertThat(tiles).contains(someTiles.split(" "));
            assertThat(tiles.get(tiles.size() - 1)).isEqualTo(someTiles.substring(someTiles.lastIndexOf(' ') + 1));
        }
        assertThat(TileMath.entryBundles(size).map(TileId::path).collect(Collectors.toList()))
                .isEqualTo(tiles.stream().filter(p -> p.startsWith("tile/0/"))
                        .map(p -> p.replace("tile/0/", "tile/entries/")).collect(Collectors.toList()));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, '', ''",
        "1, 1, 1, 1",
        "255, 1, 255, 255",
        "256, 2, '256 1', '0 1'",
        "257, 2, '1 1', '1 1'",
        "65535, 2, '255 255', '255 255'",
        "65536, 3, '256 256 1', '0 0 1'",
        "65537, 3, '1 256 1', '1 0 1'",
        "70000, 3, '112 17 1', '112 17 1'",
    })
    void rightmostWidthsWhenSizeGivenThenFullOrPartialWidthPerLevel(long size, int levels, String rightmost,
            String partial) {
        assertThat(TileMath.tileLevelCount(size)).isEqualTo(levels);
        String widths = TileMath.rightmostTiles(size).stream().map(t -> Integer.toString(t.width()))
                .collect(Collectors.joining(" "));
        assertThat(widths).isEqualTo(rightmost);
        String partialWidths = java.util.stream.IntStream.range(0, levels)
                .mapToObj(l -> Integer.toString(TileMath.partialTileWidth(l, size))).collect(Collectors.joining(" "));
        assertThat(partialWidths).isEqualTo(partial);
    }

    @Test
    void tileLevelCountWhenLargestTreeThenEightLevels() {
        assertThat(TileMath.tileLevelCount(Long.MAX_VALUE)).isEqualTo(8);
        assertThat(TileMath.partialTileWidth(7, Long.MAX_VALUE)).isEqualTo(127);
        assertThat(TileMath.fullTileCount(7, Long.MAX_VALUE)).isZero();
        assertThat(TileMath.hashCount(64, Long.MAX_VALUE)).isZero();
        assertThat(TileMath.rightmostTiles(Long.MAX_VALUE)).hasSize(8).allMatch(TileId::isPartial);
    }

    @Test
    void tileWidthWhenTileBeyondTreeThenZero() {
        assertThat(TileMath.tileWidth(0, 273, 70_000)).isEqualTo(112);
        assertThat(TileMath.tileWidth(0, 272, 70_000)).isEqualTo(256);
        assertThat(TileMath.tileWidth(0, 274, 70_000)).isZero();
        assertThat(TileMath.tileWidth(0, 1, 256)).isZero();
        assertThat(TileMath.tileWidth(3, 0, 70_000)).isZero();
        assertThat(TileMath.tileWidth(0, -1, 70_000)).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "0, 5, tile/0/000, 5, 1",
        "0, 69999, tile/0/273.p/112, 111, 1",
        "3, 8749, tile/0/273.p/112, 104, 8",
        "8, 272, tile/1/001.p/17, 16, 1",
        "12, 16, tile/1/001.p/17, 0, 16",
        "15, 1, tile/1/000, 128, 128",
        "16, 0, tile/2/000.p/1, 0, 1",
    })
    void locateWhenHashInTreeThenTileAndRange(int level, long index, String tile, int start, int count)
            throws VerificationException {
        TileRange r = TileMath.locate(level, index, 70_000);
        assertThat(r.tile().path()).isEqualTo(tile);
        assertThat(r.start()).isEqualTo(start);
        assertThat(r.count()).isEqualTo(count);
    }

    @ParameterizedTest
    @CsvSource({"0, 70000", "3, 8750", "12, 17", "16, 1", "17, 0", "64, 0", "-1, 0", "0, -1"})
    void locateWhenSubtreeIncompleteThenRejected(int level, long index) {
        assertThatThrownBy(() -> TileMath.locate(level, index, 70_000))
                .isInstanceOf(VerificationException.class)
                .hasMessage("hash (level " + level + ", index " + index
                        + ") is not a complete subtree of a tree of size 70000");
    }
}
