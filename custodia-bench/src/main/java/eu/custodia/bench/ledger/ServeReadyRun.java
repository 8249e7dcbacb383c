package eu.custodia.bench.ledger;

import eu.custodia.bench.RunContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One start of {@code ./custodia serve} (the launcher, with the jar built and its start-up archive
 * prepared beforehand by {@link #prepare}) on a fresh temporary data directory (embedded SQLite) and a free
 * port: the time from launching the process to the first
 * {@code GET /actuator/health} that answers {@code {"status":"UP"}}, polled every {@link #POLL_MS} ms
 * (HTTPS, trusting the certificate the server generates, once it exists; plain HTTP before TLS). The
 * process is then stopped.
 *
 * @param seconds launch to first UP, or -1 if it never answered UP
 * @param scheme the scheme that answered
 * @param outputTail the end of the server's output, for reports of a failed start
 */
record ServeReadyRun(double seconds, String scheme, String outputTail) {

    static final int POLL_MS = 20;
    static final long TIMEOUT_SECONDS = 120;
    private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

    static List<String> command(Path launcher, int port, Path dataDir) {
        return List.of(launcher.toString(), "serve", "--server.port=" + port, "--custodia.data-dir=" + dataDir);
    }

    /**
     * Runs {@code ./custodia prepare} (builds if needed, unpacks the server and records its start-up
     * archive for this JVM), so that the timed starts measure starting, not preparing.
     */
    static void prepare(Path launcher, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path output = work.resolve("prepare.out");
        ProcessBuilder pb = launcherProcess(List.of(launcher.toString(), "prepare")).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IOException("./custodia prepare did not finish in 10 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException("./custodia prepare failed (exit " + p.exitValue() + "): "
                    + Files.readString(output, StandardCharsets.UTF_8).strip());
        }
    }

    /** A launcher process that finds the JVM running the benchmark first on its PATH. */
    private static ProcessBuilder launcherProcess(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        String path = pb.environment().getOrDefault("PATH", "");
        pb.environment().put("PATH", RunContext.javaExecutable().getParent() + java.io.File.pathSeparator + path);
        return pb;
    }

    static ServeReadyRun run(Path launcher, Path work) throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory("custodia-bench-serve-");
        Files.createDirectories(work);
        Path output = work.resolve("serve.out");
        int port = freePort();
        ProcessBuilder pb = launcherProcess(command(launcher, port, dataDir)).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        double seconds = -1;
        String scheme = null;
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            ServerHttp http = null;
            while (p.isAlive() && System.nanoTime() < deadline) {
                long before = System.nanoTime();
                try {
                    if (http == null || (http.scheme().equals("http")
                            && Files.isRegularFile(ServerHttp.generatedCertificate(dataDir)))) {
                        http = ServerHttp.forServer(dataDir, port);
                    }
                    HttpResponse<String> r = http.send(http.request("/actuator/health").GET().build());
                    if (r.statusCode() == 200 && UP.matcher(r.body()).find()) {
                        seconds = (System.nanoTime() - t0) / 1e9;
                        scheme = http.scheme();
                        break;
                    }
                } catch (IOException | java.security.GeneralSecurityException e) {
                    // not listening yet, or the certificate is being written
                }
                long sleep = POLL_MS - (System.nanoTime() - before) / 1_000_000;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            BenchStore.deleteTree(dataDir);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        String tail = out.length() > 2000 ? out.substring(out.length() - 2000) : out;
        return new ServeReadyRun(seconds, scheme, tail.strip());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
