package eu.custodia.bench.vault;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.bench.ledger.Percentiles;
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
 * fresh 12-byte IV), the lower bound of any AES-GCM construction on this JVM. The two alternate in rounds,
 * after a long warm-up ({@link #WARMUP_MIN_BYTES} at least).
 */
final class BlobThroughputRun {

    static final int CHUNK = 1 << 20;
    /** Distinct random bytes the streams are cut from (written again and again). */
    static final int SOURCE = 16 << 20;

    /**
     * Least untimed bytes encrypted by each side before measuring. The JDK's AES-GCM (which Tink's segments use
     * too, through its own entry point) runs a 1 MiB {@code doFinal} at a small fraction of its speed until the
     * JIT has compiled its bulk path, which on JDK 17 takes several hundred 1 MiB calls: the first 16 MiB rounds
     * are tens of times slower than the last.
     */
    static final long WARMUP_MIN_BYTES = 2L << 30;
    /** Most untimed bytes per side: the warm-up goes on while a side still speeds up, up to this. */
    static final long WARMUP_MAX_BYTES = 6L << 30;
    /** Bytes per side of one warm-up window, whose rates are compared with the previous window's. */
    static final long WARMUP_WINDOW = 128L << 20;

    /**
     * What the run gave: bytes measured per side, each side's total nanoseconds, and each round's rate in MB/s
     * (one stream, or one series of chunks, of {@code bytesPerSide / rounds}).
     */
    record Result(long bytesPerSide, long tinkNanos, long rawNanos, Percentiles tinkRounds, Percentiles rawRounds,
            long warmupBytes, double warmupSeconds) {

        /** Tink's median round, in MB/s. */
        double tinkMBps() {
            return tinkRounds.median();
        }

        /** The raw baseline's median round, in MB/s. */
        double rawMBps() {
            return rawRounds.median();
        }

        double tinkOverallMBps() {
            return Throughput.megabytesPerSecond(bytesPerSide, tinkNanos);
        }

        double rawOverallMBps() {
            return Throughput.megabytesPerSecond(bytesPerSide, rawNanos);
        }
    }

    private BlobThroughputRun() {
    }

    /**
     * Encrypts {@code bytesPerSide} with each side, in {@code rounds} alternating rounds, after an untimed
     * warm-up in alternating 16 MiB rounds: at least {@link #WARMUP_MIN_BYTES} per side, then on in windows of
     * {@link #WARMUP_WINDOW} until neither side ran more than 15 % faster than in its window before (at most
     * {@link #WARMUP_MAX_BYTES}).
     */
    static Result run(StreamingAead streaming, long bytesPerSide, int rounds) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] source = new byte[SOURCE];
        random.nextBytes(source);
        long perRound = bytesPerSide / rounds;
        RawAesGcm raw = new RawAesGcm(random);
        byte[] aad = "custodia/blobs/v1|bench|b-bench|1".getBytes(StandardCharsets.UTF_8);
        long w0 = System.nanoTime();
        long warmed = 0;
        double tinkBefore = 0;
        double rawBefore = 0;
        while (warmed < WARMUP_MAX_BYTES) {
            long tinkWindow = 0;
            long rawWindow = 0;
            for (long done = 0; done < WARMUP_WINDOW; done += SOURCE) {
                tinkWindow += tink(streaming, aad, source, SOURCE);
                rawWindow += raw.encrypt(source, SOURCE);
            }
            warmed += WARMUP_WINDOW;
            double tinkRate = Throughput.megabytesPerSecond(WARMUP_WINDOW, tinkWindow);
            double rawRate = Throughput.megabytesPerSecond(WARMUP_WINDOW, rawWindow);
            if (warmed >= WARMUP_MIN_BYTES && !Throughput.stillWarming(tinkBefore, tinkRate)
                    && !Throughput.stillWarming(rawBefore, rawRate)) {
                break;
            }
            tinkBefore = tinkRate;
            rawBefore = rawRate;
        }
        double warmupSeconds = (System.nanoTime() - w0) / 1e9;
        long tinkNanos = 0;
        long rawNanos = 0;
        double[] tinkRates = new double[rounds];
        double[] rawRates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t;
            long w;
            if (r % 2 == 0) {
                t = tink(streaming, aad, source, perRound);
                w = raw.encrypt(source, perRound);
            } else {
                w = raw.encrypt(source, perRound);
                t = tink(streaming, aad, source, perRound);
            }
            tinkNanos += t;
            rawNanos += w;
            tinkRates[r] = Throughput.megabytesPerSecond(perRound, t);
            rawRates[r] = Throughput.megabytesPerSecond(perRound, w);
        }
        return new Result(perRound * rounds, tinkNanos, rawNanos, Percentiles.of(tinkRates), Percentiles.of(rawRates),
                warmed, warmupSeconds);
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
