package eu.custodia.server.identity.internal.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A QR code (ISO/IEC 18004) of an enrolment URI as a self-contained SVG image, made with ZXing's encoder:
 * error correction level M (about 15 % of the symbol can be lost), the 4-module quiet zone the standard
 * requires, one user unit per module, black on a white background. Each run of dark modules in a row is one
 * rectangle of the single path, so the image is small and scales without blurring.
 *
 * <p>The image encodes the secret: serve it only to the person enrolling, with {@code Cache-Control: no-store}.
 */
public final class QrCodeSvg {

    /** Quiet zone around the symbol, in modules: the minimum ISO/IEC 18004 requires. */
    public static final int QUIET_ZONE = 4;

    private QrCodeSvg() {
    }

    /** The SVG of a QR code of the enrolment URI. */
    public static String of(OtpAuthUri uri) {
        return render(uri.uri());
    }

    /**
     * The SVG document of a QR code of {@code text}, which must be ASCII (an {@code otpauth://} URI is). The
     * exception for text that is not, or too long for any QR code, does not quote the text.
     */
    public static String render(String text) {
        BitMatrix modules = encode(text);
        int size = modules.getWidth();
        StringBuilder svg = new StringBuilder(256 + size * size);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(size).append(' ').append(size)
                .append("\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"").append(size).append("\" height=\"").append(size).append("\" fill=\"#ffffff\"/>")
                .append("<path fill=\"#000000\" d=\"");
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!modules.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < size && modules.get(x, y)) {
                    x++;
                }
                svg.append('M').append(start).append(',').append(y)
                        .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return svg.append("\"/></svg>").toString();
    }

    /** The SVG as a {@code data:image/svg+xml;base64,…} URI, for the {@code src} of an {@code <img>}. */
    public static String dataUri(OtpAuthUri uri) {
        return "data:image/svg+xml;base64,"
                + Base64.getEncoder().encodeToString(of(uri).getBytes(StandardCharsets.UTF_8));
    }

    private static BitMatrix encode(String text) {
        if (text.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("QR code content must be non-empty ASCII");
        }
        try {
            // Width and height 0: one pixel per module, plus the margin.
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalArgumentException("QR code content too long", e);
        }
    }
}
