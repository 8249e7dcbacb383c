package eu.custodia.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.note.TextCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private static final String SPEC_TEXT = "example.com/behind-the-sofa\n20852163\n"
            + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    private static final String ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";

    @Test
    void parseWhenSpecExampleThenFieldsRead() throws Exception {
        Checkpoint cp = Checkpoint.parse(SPEC_TEXT.getBytes(StandardCharsets.UTF_8));

        assertThat(cp.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(cp.size()).isEqualTo(20852163L);
        assertThat(cp.rootHash()).isEqualTo(TextCodec.decodeBase64(ROOT, "test"));
        assertThat(cp.extensions()).isEmpty();
        assertThat(cp.toText()).isEqualTo(SPEC_TEXT);
    }

    @Test
    void parseWhenEmptyTreeThenSizeZeroAccepted() throws Exception {
        assertThat(Checkpoint.parse("log\n0\n" + ROOT + "\n").size()).isZero();
    }

    @Test
    void parseWhenMalformedThenRejectedWithLine() {
        List<String[]> bad = List.of(
                new String[] {"", "does not end with a newline"},
                new String[] {"log\n1\n" + ROOT, "does not end with a newline"},
                new String[] {"log\n1\n", "needs origin"},
                new String[] {"\n1\n" + ROOT + "\n", "line 1: empty line"},
                new String[] {"log\n01\n" + ROOT + "\n", "leading zero"},
                new String[] {"log\n00\n" + ROOT + "\n", "leading zero"},
                new String[] {"log\n+1\n" + ROOT + "\n", "line 2"},
                new String[] {"log\n-1\n" + ROOT + "\n", "line 2"},
                new String[] {"log\n 1\n" + ROOT + "\n", "line 2"},
                new String[] {"log\n1.0\n" + ROOT + "\n", "line 2"},
                new String[] {"log\n9223372036854775808\n" + ROOT + "\n", "exceeds"},
                new String[] {"log\n99999999999999999999\n" + ROOT + "\n", "more than 19"},
                new String[] {"log\n1\n" + ROOT.substring(0, 43) + "\n", "line 3"},
                new String[] {"log\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n", "non-canonical"},
                new String[] {"log\n1\n" + TextCodec.encodeBase64(new byte[31]) + "\n", "31 bytes"},
                new String[] {"log\n1\n" + TextCodec.encodeBase64(new byte[33]) + "\n", "33 bytes"},
                new String[] {"log\n1\n" + ROOT + "\n\n", "line 4: empty line"},
                new String[] {"log\n1\n" + ROOT + "\next\n\nmore\n", "line 5: empty line"},
                new String[] {"log\r\n1\n" + ROOT + "\n", "line 1: control character U+000D"},
                new String[] {"log\n1\n" + ROOT + "\nt\tab\n", "line 4: control character U+0009"});
        for (String[] c : bad) {
            assertThatThrownBy(() -> Checkpoint.parse(c[0])).as(c[0])
                    .isInstanceOf(VerificationException.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void parseWhenNotUtf8OrTooLargeThenRejected() {
        byte[] notUtf8 = ("log\u00e9\n1\n" + ROOT + "\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Checkpoint.parse(notUtf8)).hasMessageContaining("UTF-8");
        byte[] huge = ("log\n1\n" + ROOT + "\n" + "x".repeat(1 << 20) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Checkpoint.parse(huge)).hasMessageContaining("more than 1048576");
    }

    @Test
    void constructorWhenInvalidFieldsThenRejected() {
        byte[] root = new byte[32];
        assertThatThrownBy(() -> new Checkpoint("", 1, root)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("a\nb", 1, root)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("log", -1, root)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("log", 1, new byte[20])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("log", 1, root, List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rootHashWhenMutatedByCallerThenCheckpointUnchanged() {
        byte[] root = new byte[32];
        Checkpoint cp = new Checkpoint("log", 1, root);
        root[0] = 1;
        cp.rootHash()[1] = 1;

        assertThat(cp).isEqualTo(new Checkpoint("log", 1, new byte[32]));
        assertThat(cp.hashCode()).isEqualTo(new Checkpoint("log", 1, new byte[32]).hashCode());
    }

    @Property(tries = 200)
    void parseWhenFormattedThenRoundTrips(@ForAll("origins") String origin, @ForAll @LongRange(min = 0) long size,
            @ForAll("roots") byte[] root, @ForAll("extensions") List<String> ext) throws Exception {
        Checkpoint cp = new Checkpoint(origin, size, root, ext);

        assertThat(Checkpoint.parse(cp.toBytes())).isEqualTo(cp);
    }

    @Provide
    Arbitrary<String> origins() {
        return Arbitraries.strings().withCharRange('!', '~').withChars("\u00e9 \u2014").ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<byte[]> roots() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<List<String>> extensions() {
        return origins().list().ofMaxSize(3);
    }
}
