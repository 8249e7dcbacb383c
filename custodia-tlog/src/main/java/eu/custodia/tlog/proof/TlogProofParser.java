package eu.custodia.tlog.proof;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.TextCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reader of the {@code .tlog-proof} format, <a href="https://c2sp.org/tlog-proof">C2SP tlog-proof</a>
 * {@code @v1}, section "Format". Lines are separated by U+000A only.
 */
final class TlogProofParser {

    private final byte[] in;
    private int pos;
    private int lineNo;

    private TlogProofParser(byte[] in) {
        this.in = in;
    }

    static TlogProof parse(byte[] file) throws VerificationException {
        if (file.length > TlogProof.MAX_PROOF_BYTES) {
            throw new VerificationException("tlog-proof is " + file.length + " bytes, more than "
                    + TlogProof.MAX_PROOF_BYTES);
        }
        return new TlogProofParser(file).read();
    }

    private TlogProof read() throws VerificationException {
        String header = nextLine("header");
        if (!header.equals(TlogProof.HEADER)) {
            throw error("expected header " + TlogProof.HEADER);
        }
        String line = nextLine("index line");
        byte[] extra = null;
        if (line.startsWith("extra ")) {
            extra = TextCodec.decodeBase64(line.substring("extra ".length()), where() + " (extra data)");
            line = nextLine("index line");
        }
        if (!line.startsWith("index ")) {
            throw error("expected \"index <n>\"" + (extra == null ? " or \"extra <base64>\"" : ""));
        }
        long index = TextCodec.parseDecimal(line.substring("index ".length()), where() + " (index)");
        List<byte[]> hashes = new ArrayList<>();
        while (!(line = nextLine("empty line before the checkpoint")).isEmpty()) {
            if (hashes.size() == ProofVerifier.MAX_PROOF_HASHES) {
                throw error("more than " + ProofVerifier.MAX_PROOF_HASHES + " proof hashes");
            }
            byte[] hash = TextCodec.decodeBase64(line, where() + " (proof hash " + (hashes.size() + 1) + ")");
            if (hash.length != Rfc9162.HASH_SIZE) {
                throw error("proof hash " + (hashes.size() + 1) + " is " + hash.length + " bytes, expected 32");
            }
            hashes.add(hash);
        }
        if (pos == in.length) {
            throw new VerificationException("tlog-proof is truncated: no checkpoint after line " + lineNo);
        }
        if (in.length - pos > TlogProof.MAX_PROOF_BYTES / 2) {
            throw new VerificationException("tlog-proof checkpoint is more than 1 MiB");
        }
        return new TlogProof(extra, index, hashes, Arrays.copyOfRange(in, pos, in.length));
    }

    /** Returns the next line without its newline; the line must be ASCII and newline-terminated. */
    private String nextLine(String expected) throws VerificationException {
        lineNo++;
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            if (in[pos] < 0x20 || in[pos] > 0x7e) {
                throw error("unexpected byte 0x" + String.format(java.util.Locale.ROOT, "%02x", in[pos] & 0xff));
            }
            pos++;
        }
        if (pos == in.length) {
            throw new VerificationException("tlog-proof is truncated: missing " + expected + " at line " + lineNo);
        }
        pos++;
        return new String(in, start, pos - 1 - start, StandardCharsets.US_ASCII);
    }

    private String where() {
        return "tlog-proof line " + lineNo;
    }

    private VerificationException error(String message) {
        return new VerificationException(where() + ": " + message);
    }
}
