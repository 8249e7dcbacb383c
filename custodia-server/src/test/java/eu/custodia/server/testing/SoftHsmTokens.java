package eu.custodia.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * SoftHSM2 tokens for the PKCS#11 tests, made once per test JVM. SoftHSM2 reads {@code SOFTHSM2_CONF} from the
 * process environment and lists its tokens when the library is first loaded, so every token any test needs is
 * initialised here, together, before the first PKCS#11 provider exists: the pom points {@code SOFTHSM2_CONF}
 * at {@code target/softhsm2/softhsm2.conf}; this class writes that file (token directory beside it) and runs
 * {@code softhsm2-util --init-token} for each label in {@link #LABELS}. Without SoftHSM2 the tests using it are
 * skipped on a developer machine ({@link #unavailable}), and fail in CI ({@code CI} set, or
 * {@code CUSTODIA_REQUIRE_PKCS11=true} as {@code .ci/run} exports).
 */
public final class SoftHsmTokens {

    public static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    public static final String PIN = "1234";
    /** The tokens: the adapter's own tests, one nobody logs in to (wrong-PIN test), the records tests. */
    public static final List<String> LABELS = List.of("custodia-test", "custodia-untouched", "custodia-records");

    private static String unavailable;
    private static Map<String, Long> slots;

    private SoftHsmTokens() {
    }

    /** Why PKCS#11 tests cannot run here, or {@code null} when the tokens are ready. Initialises them once. */
    public static synchronized String unavailable() throws IOException, InterruptedException {
        if (slots == null && unavailable == null) {
            initialise();
        }
        return unavailable;
    }

    /** The slot of the token labelled {@code label}. */
    public static synchronized long slot(String label) {
        return slots.get(label);
    }

    private static void initialise() throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        boolean installed = Files.exists(Path.of(LIBRARY)) && onPath("softhsm2-util");
        String missing = !installed ? "SoftHSM2 is not installed (apt-get install softhsm2)"
                : conf == null ? "SOFTHSM2_CONF is not set (run the test through Maven, which sets it)" : null;
        if (missing != null) {
            if (System.getenv("CI") != null || "true".equals(System.getenv("CUSTODIA_REQUIRE_PKCS11"))) {
                throw new AssertionError("CI (CI or CUSTODIA_REQUIRE_PKCS11=true) must run the PKCS#11 tests, but "
                        + missing);
            }
            unavailable = missing;
            return;
        }
        Path confFile = Path.of(conf);
        Path tokens = confFile.resolveSibling("tokens");
        deleteRecursively(tokens);
        Files.createDirectories(tokens);
        Files.writeString(confFile, "directories.tokendir = " + tokens.toAbsolutePath() + "\n"
                + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
                StandardCharsets.UTF_8);
        Map<String, Long> made = new LinkedHashMap<>();
        for (String label : LABELS) {
            made.put(label, initToken(confFile, label));
        }
        slots = made;
    }

    private static long initToken(Path confFile, String label) throws IOException, InterruptedException {
        ProcessBuilder init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", PIN, "--so-pin", "5678").redirectErrorStream(true);
        init.environment().put("SOFTHSM2_CONF", confFile.toAbsolutePath().toString());
        Process process = init.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed: " + output);
        }
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no slot in softhsm2-util's output: " + output);
        }
        return Long.parseLong(m.group(1));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
