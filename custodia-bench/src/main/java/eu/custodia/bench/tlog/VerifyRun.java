package eu.custodia.bench.tlog;

import eu.custodia.bench.RunContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code java -Xmx… -jar custodia-verify.jar log DIR --key VKEY} as a subprocess: its wall-clock
 * time (JVM start included), exit status and peak resident set size. The peak is the kernel's high-water
 * mark {@code VmHWM} from {@code /proc/PID/status}, sampled every few milliseconds while the process lives
 * (so it is a lower bound that misses at most the last few milliseconds' growth); -1 where there is no
 * {@code /proc}.
 *
 * @param exitCode the verifier's exit status
 * @param seconds wall-clock seconds from start to exit
 * @param peakRssKiB peak resident set size in KiB, or -1 if unknown
 * @param stderrTail the end of the verifier's standard error, for reports of a failed run
 */
public record VerifyRun(int exitCode, double seconds, long peakRssKiB, String stderrTail) {

    /** Returns the command line that runs the verifier over {@code log} with heap limit {@code heap}. */
    public static List<String> command(Path verifyJar, LogFixture log, String heap) {
        return List.of(RunContext.javaExecutable().toString(), "-Xmx" + heap, "-jar", verifyJar.toString(), "log",
                log.dir().toString(), "--key", log.verifierKey());
    }

    /** Runs the verifier once, its output going to files under {@code workDir}. */
    public static VerifyRun run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path out = workDir.resolve("verify.stdout");
        Path err = workDir.resolve("verify.stderr");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = -1;
        while (!p.waitFor(5, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMark(status));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String tail = stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr;
        return new VerifyRun(p.exitValue(), seconds, peak, tail.strip());
    }

    private static long highWaterMark(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring("VmHWM:".length()).strip().split("\\s+");
                    return Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited between two samples, or there is no /proc
        }
        return -1;
    }
}
