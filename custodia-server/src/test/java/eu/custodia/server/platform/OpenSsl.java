package eu.custodia.server.platform;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code openssl s_client} against a local port, 10 seconds at most, and returns its exit code and output. */
final class OpenSsl {

    record Result(int exitCode, String output) {

        /** Whether a handshake completed with the given negotiated cipher (OpenSSL's name). */
        boolean negotiated(String cipher) {
            return exitCode == 0 && output.contains("Cipher is " + cipher);
        }

        /** Whether no handshake completed. */
        boolean refused() {
            return exitCode != 0 && !output.matches("(?s).*Cipher is (?!\\(NONE\\)).*");
        }
    }

    private OpenSsl() {
    }

    static Result connect(int port, String... options) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost"));
        command.addAll(List.of(options));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl s_client did not finish within 10 s: " + command);
            }
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("openssl is required for the TLS tests (apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
