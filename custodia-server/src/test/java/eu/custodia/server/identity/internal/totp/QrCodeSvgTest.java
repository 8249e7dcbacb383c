package eu.custodia.server.identity.internal.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@link QrCodeSvg}: the SVG is well-formed, and rasterised it decodes back to the enrolment URI. */
class QrCodeSvgTest {

    private static final Pattern RUN = Pattern.compile("M(\\d+),(\\d+)h(\\d+)v1h-(\\d+)z");
    private static final int PIXELS_PER_MODULE = 4;

    @Test
    void renderWhenDecodedThenSameUri() throws Exception {
        OtpAuthUri uri = new OtpAuthUri("Zoë & Co", "jürgen@example.org", TotpSecret.generate(), TotpParameters.DEFAULT);

        assertThat(decode(QrCodeSvg.of(uri))).isEqualTo(uri.uri());
    }

    @Test
    void renderWhenLongestNamesThenStillDecodes() throws Exception {
        // Every byte percent-encoded: the longest URI names can make.
        String name = "é".repeat(OtpAuthUri.MAX_NAME_BYTES / 2);
        OtpAuthUri uri = new OtpAuthUri(name, name, TotpSecret.generate(TotpAlgorithm.SHA512, new SecureRandom()),
                TotpParameters.DEFAULT);

        assertThat(decode(QrCodeSvg.of(uri))).isEqualTo(uri.uri());
    }

    @Test
    void renderThenSquareSvgWithQuietZone() throws Exception {
        boolean[][] modules = modules(QrCodeSvg.render("otpauth://totp/Custodia:a?secret=ABCDEFGHIJKLMNOP"));
        int size = modules.length;

        // A QR code is 21 + 4k modules wide (versions 1 to 40), plus the quiet zone on both sides.
        assertThat((size - 2 * QrCodeSvg.QUIET_ZONE - 21) % 4).isZero();
        for (int i = 0; i < size; i++) {
            for (int q = 0; q < QrCodeSvg.QUIET_ZONE; q++) {
                assertThat(modules[q][i] || modules[size - 1 - q][i] || modules[i][q] || modules[i][size - 1 - q])
                        .as("quiet zone at %d, %d", q, i).isFalse();
            }
        }
        // The top-left finder pattern starts right after the quiet zone: a 7-module dark row.
        for (int x = 0; x < 7; x++) {
            assertThat(modules[QrCodeSvg.QUIET_ZONE][QrCodeSvg.QUIET_ZONE + x]).isTrue();
        }
    }

    @Test
    void dataUriWhenDecodedThenTheSvg() {
        OtpAuthUri uri = OtpAuthUri.of("alice@example.org", TotpSecret.generate());
        String dataUri = QrCodeSvg.dataUri(uri);

        assertThat(dataUri).startsWith("data:image/svg+xml;base64,");
        String svg = new String(Base64.getDecoder().decode(dataUri.substring("data:image/svg+xml;base64,".length())),
                StandardCharsets.UTF_8);
        assertThat(svg).isEqualTo(QrCodeSvg.of(uri));
    }

    @Test
    void renderWhenNotAsciiOrTooLongThenRejectedWithoutQuotingIt() {
        assertThatThrownBy(() -> QrCodeSvg.render("secret-é")).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("secret");
        String tooLong = "S".repeat(5000);
        assertThatThrownBy(() -> QrCodeSvg.render(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("SSSS");
        assertThatThrownBy(() -> QrCodeSvg.render("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Parses the SVG (it must be well-formed XML) back into its grid of modules, [row][column]. */
    static boolean[][] modules(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        String[] viewBox = root.getAttribute("viewBox").split(" ");
        assertThat(viewBox).hasSize(4);
        assertThat(viewBox[0]).isEqualTo("0");
        assertThat(viewBox[1]).isEqualTo("0");
        assertThat(viewBox[2]).isEqualTo(viewBox[3]);
        int size = Integer.parseInt(viewBox[2]);

        Element path = (Element) doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").item(0);
        assertThat(path.getAttribute("fill")).isEqualTo("#000000");
        String d = path.getAttribute("d");
        boolean[][] grid = new boolean[size][size];
        Matcher m = RUN.matcher(d);
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).as("path is nothing but runs").isEqualTo(end);
            end = m.end();
            int x = Integer.parseInt(m.group(1));
            int y = Integer.parseInt(m.group(2));
            int run = Integer.parseInt(m.group(3));
            assertThat(m.group(4)).isEqualTo(m.group(3));
            for (int i = 0; i < run; i++) {
                assertThat(grid[y][x + i]).as("modules drawn once").isFalse();
                grid[y][x + i] = true;
            }
        }
        assertThat(end).isEqualTo(d.length());
        return grid;
    }

    /** Rasterises the SVG's modules and reads them with ZXing's QR decoder (finder-pattern detection included). */
    static String decode(String svg) throws Exception {
        boolean[][] grid = modules(svg);
        int side = grid.length * PIXELS_PER_MODULE;
        int[] pixels = new int[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                pixels[y * side + x] = grid[y / PIXELS_PER_MODULE][x / PIXELS_PER_MODULE] ? 0xff000000 : 0xffffffff;
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(side, side, pixels)));
        Result result = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
        return result.getText();
    }
}
