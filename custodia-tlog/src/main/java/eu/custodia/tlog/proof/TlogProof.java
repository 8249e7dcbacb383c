package eu.custodia.tlog.proof;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.TextCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A self-contained, offline-verifiable proof that an entry is in a transparency log: the
 * {@code .tlog-proof} format of <a href="https://c2sp.org/tlog-proof">C2SP tlog-proof</a>, version
 * {@code c2sp.org/tlog-proof@v1} (spec text of C2SP/C2SP commit 0065ea5b716154a2dd48508e3f905012a16ce5e9,
 * section "Format"):
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * extra &lt;base64 opaque data&gt;        (optional, unauthenticated)
 * index &lt;decimal leaf index&gt;
 * &lt;base64 hash&gt;                      (zero or more: the RFC 6962 inclusion proof, leaf side first)
 *
 * &lt;signed checkpoint, verbatim&gt;
 * </pre>
 *
 * Parsing ({@link #parse}) checks the syntax only; the checkpoint stays raw bytes until
 * {@link #openCheckpoint} or {@link #verify} checks its signatures. The extra data is not authenticated
 * and must not be trusted (spec, "Format").
 *
 * @param extra the opaque extra data, or {@code null} when the proof has no {@code extra} line
 * @param index the zero-based index of the entry in the log
 * @param hashes the inclusion proof hashes, 32 bytes each, at most {@link ProofVerifier#MAX_PROOF_HASHES}
 * @param checkpoint the signed checkpoint note, verbatim
 */
public record TlogProof(byte[] extra, long index, List<byte[]> hashes, byte[] checkpoint) {

    /** The first line of every proof. */
    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    /** Upper bound on the size of a proof file: the 1 MiB checkpoint note plus the proof lines. */
    public static final int MAX_PROOF_BYTES = 2 << 20;

    /**
     * @throws IllegalArgumentException if the index is negative, a hash is not 32 bytes, there are too
     *     many hashes, or the checkpoint is empty or too large
     */
    public TlogProof {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        if (hashes.size() > ProofVerifier.MAX_PROOF_HASHES) {
            throw new IllegalArgumentException("more than " + ProofVerifier.MAX_PROOF_HASHES + " proof hashes");
        }
        List<byte[]> copies = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) {
            if (h.length != Rfc9162.HASH_SIZE) {
                throw new IllegalArgumentException("proof hash must be 32 bytes, got " + h.length);
            }
            copies.add(h.clone());
        }
        hashes = List.copyOf(copies);
        if (checkpoint.length == 0 || checkpoint.length > MAX_PROOF_BYTES / 2) {
            throw new IllegalArgumentException("checkpoint must be 1 byte to 1 MiB, got " + checkpoint.length);
        }
        checkpoint = checkpoint.clone();
        extra = extra == null ? null : extra.clone();
    }

    /**
     * Parses a {@code .tlog-proof} file.
     *
     * @throws VerificationException if the file is malformed, truncated or too large
     */
    public static TlogProof parse(byte[] file) throws VerificationException {
        return TlogProofParser.parse(file);
    }

    @Override
    public byte[] extra() {
        return extra == null ? null : extra.clone();
    }

    @Override
    public List<byte[]> hashes() {
        return hashes.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    /** Returns the {@code .tlog-proof} encoding. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(checkpoint.length + 64 + 45 * hashes.size());
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            b.append("extra ").append(TextCodec.encodeBase64(extra)).append('\n');
        }
        b.append("index ").append(index).append('\n');
        hashes.forEach(h -> b.append(TextCodec.encodeBase64(h)).append('\n'));
        b.append('\n');
        out.writeBytes(b.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(checkpoint);
        return out.toByteArray();
    }

    /**
     * Opens the embedded checkpoint: verifies its signatures against the trusted keys, checks its origin,
     * and checks that the entry index lies inside the checkpointed tree.
     *
     * @throws VerificationException if the checkpoint does not verify or does not cover the index
     */
    public SignedCheckpoint openCheckpoint(String expectedOrigin, NoteVerifiers verifiers) throws VerificationException {
        SignedCheckpoint opened = SignedCheckpoint.open(checkpoint, expectedOrigin, verifiers);
        if (index >= opened.checkpoint().size()) {
            throw new VerificationException("proof index " + index + " is not below the checkpoint tree size "
                    + opened.checkpoint().size());
        }
        return opened;
    }

    /**
     * Verifies the whole proof for an entry's leaf hash: opens the checkpoint with
     * {@link #openCheckpoint} and checks the inclusion proof (RFC 9162 §2.1.3.2) against its root.
     *
     * @param leafHash the RFC 9162 leaf hash of the entry, {@code SHA-256(0x00 || entry)}
     * @return the verified checkpoint
     * @throws VerificationException if anything does not verify
     */
    public SignedCheckpoint verify(byte[] leafHash, String expectedOrigin, NoteVerifiers verifiers)
            throws VerificationException {
        SignedCheckpoint opened = openCheckpoint(expectedOrigin, verifiers);
        ProofVerifier.verifyInclusion(leafHash, index, opened.checkpoint().size(), hashes,
                opened.checkpoint().rootHash());
        return opened;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TlogProof p) || p.index != index || !Arrays.equals(p.extra, extra)
                || !Arrays.equals(p.checkpoint, checkpoint) || p.hashes.size() != hashes.size()) {
            return false;
        }
        for (int i = 0; i < hashes.size(); i++) {
            if (!Arrays.equals(p.hashes.get(i), hashes.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(index) * 31 + Arrays.hashCode(extra);
        for (byte[] hash : hashes) {
            h = h * 31 + Arrays.hashCode(hash);
        }
        return h * 31 + Arrays.hashCode(checkpoint);
    }

    @Override
    public String toString() {
        return "TlogProof[index=" + index + ", " + hashes.size() + " hash(es)"
                + (extra == null ? "" : ", " + extra.length + " extra byte(s)") + ", checkpoint "
                + checkpoint.length + " bytes]";
    }
}
