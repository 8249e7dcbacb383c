package eu.custodia.bench.vault;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.tlog.SuppressForbidden;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blob encryption throughput on one thread, in memory: the tenant's streaming AEAD (Tink AES-256-GCM-HKDF,
 * 1 MB segments) encrypting a stream written in 1 MiB pieces into a sink that discards it, against raw
 * AES-256-GCM over the same bytes (JCE {@code AES/GCM/NoPadding}, one {@code doFinal} per 1 MiB chunk with a
 * fresh 12-byte IV), the lower bound of any AES-GCM construction on this JVM. The two alternate in rounds.
 */
final class BlobThroughputRun {

    static final int CHUNK = 1 << 20;
    /** Distinct random bytes the streams are cut from (written again and again). */
    static final int SOURCE = 16 << 20;

    /** What the run gave: bytes and nanoseconds measured for each side. */
    record Result(long bytesPerSide, long tinkNanos, long rawNanos, int rounds) {

        double tinkMBps() {
            return Throughput.megabytesPerSecond(bytesPerSide, tinkNanos);
        }

        double rawMBps() {
            return Throughput.megabytesPerSecond(bytesPerSide, rawNanos);
        }
    }

    private BlobThroughputRun() {
    }

    /**
     * Encrypts {@code bytesPerSide} with each side, in {@code rounds} alternating rounds, after one untimed
     * warm-up round each of the same size.
     */
    static Result run(StreamingAead streaming, long bytesPerSide, int rounds) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] source = new byte[SOURCE];
        random.nextBytes(source);
        long perRound = bytesPerSide / rounds;
        RawAesGcm raw = new RawAesGcm(random);
        byte[] aad = "custodia/blobs/v1|bench|b-bench|1".getBytes(StandardCharsets.UTF_8);
        tink(streaming, aad, source, perRound);
        raw.encrypt(source, perRound);
        long tinkNanos = 0;
        long rawNanos = 0;
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                tinkNanos += tink(streaming, aad, source, perRound);
                rawNanos += raw.encrypt(source, perRound);
            } else {
                rawNanos += raw.encrypt(source, perRound);
                tinkNanos += tink(streaming, aad, source, perRound);
            }
        }
        return new Result(perRound * rounds, tinkNanos, rawNanos, rounds);
    }

    /** Encrypts {@code bytes} of {@code source} (cycled) as one stream; returns the nanoseconds it took. */
    private static long tink(StreamingAead streaming, byte[] aad, byte[] source, long bytes)
            throws GeneralSecurityException, IOException {
        CountingSink sink = new CountingSink();
        long start = System.nanoTime();
        try (OutputStream out = streaming.newEncryptingStream(sink, aad)) {
            long left = bytes;
            int offset = 0;
            while (left > 0) {
                int n = (int) Math.min(CHUNK, left);
                out.write(source, offset, n);
                left -= n;
                offset = (offset + n) % SOURCE;
            }
        }
        long nanos = System.nanoTime() - start;
        if (sink.count < bytes) {
            throw new IllegalStateException("the encrypting stream wrote " + sink.count + " bytes for " + bytes);
        }
        return nanos;
    }

    /** The baseline: AES-256-GCM straight from the JCE, chunk by chunk. */
    @SuppressForbidden(reason = "the baseline of the blob_encrypt_throughput benchmark: raw AES-256-GCM from the "
            + "JCE, to compare Tink's streaming AEAD with; never used on data")
    static final class RawAesGcm {
        private final SecureRandom random;
        private final SecretKeySpec key;
        private final Cipher cipher;
        private final byte[] iv = new byte[12];
        private final byte[] output = new byte[CHUNK + 16];
        long sinkCheck;

        RawAesGcm(SecureRandom random) throws GeneralSecurityException {
            this.random = random;
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            this.key = new SecretKeySpec(raw, "AES");
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        }

        /** Encrypts {@code bytes} of {@code source} (cycled) in 1 MiB chunks; returns the nanoseconds it took. */
        long encrypt(byte[] source, long bytes) throws GeneralSecurityException {
            long start = System.nanoTime();
            long left = bytes;
            int offset = 0;
            while (left > 0) {
                int n = (int) Math.min(CHUNK, left);
                random.nextBytes(iv);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                int written = cipher.doFinal(source, offset, n, output, 0);
                sinkCheck += output[written - 1];
                left -= n;
                offset = (offset + n) % SOURCE;
            }
            return System.nanoTime() - start;
        }
    }

    /** Discards what is written, counting it. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
