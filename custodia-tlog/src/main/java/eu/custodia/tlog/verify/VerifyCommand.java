package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code custodia-verify}: the offline verifier customers run on Custodia's ledgers and evidence.
 *
 * <p>Exit status: {@value #VERIFIED} verified, {@value #FAILED} verification failed, {@value #USAGE} bad
 * usage or unreadable input. Results go to standard output, progress to standard error.
 */
public final class VerifyCommand {

    public static final int VERIFIED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /** The environment, injected so tests can set {@code CUSTODIA_TOKEN} and {@code CUSTODIA_LANG}. */
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public VerifyCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new VerifyCommand(System.getenv(), out, err).run(Arrays.asList(args)));
    }

    /** Runs one command line and returns the exit status. */
    public int run(List<String> argv) {
        List<String> rest = new ArrayList<>(argv);
        String lang = extractLanguage(rest);
        Messages msg = Messages.select(lang, env.get("CUSTODIA_LANG"));
        if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h") || rest.get(0).equals("help")) {
            (rest.isEmpty() ? err : out).println(msg.get("help"));
            return rest.isEmpty() ? USAGE : VERIFIED;
        }
        String command = rest.remove(0);
        Context ctx = new Context(msg, out, err, env);
        try {
            switch (command) {
                case "checkpoint" -> CheckpointCommand.run(rest, ctx);
                case "proof" -> ProofCommand.run(rest, ctx);
                case "log" -> LogCommand.run(rest, ctx);
                case "bundle" -> BundleCommand.run(rest, ctx);
                case "keygen" -> KeygenCommand.run(rest, ctx);
                default -> throw new UsageException(msg.get("usage.unknownCommand", command));
            }
            return VERIFIED;
        } catch (UsageException e) {
            err.println(msg.get("error", e.getMessage()));
            return USAGE;
        } catch (VerificationException e) {
            out.println(msg.get("failed", e.getMessage()));
            return FAILED;
        } catch (IOException e) {
            err.println(msg.get("error", e.getMessage()));
            return USAGE;
        }
    }

    private static String extractLanguage(List<String> args) {
        String lang = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--lang") && i + 1 < args.size()) {
                lang = args.get(i + 1);
                args.remove(i + 1);
                args.remove(i);
                i--;
            } else if (a.startsWith("--lang=")) {
                lang = a.substring("--lang=".length());
                args.remove(i);
                i--;
            }
        }
        return lang;
    }

    /** What every command needs: messages, the output streams, the environment. */
    record Context(Messages msg, PrintStream out, PrintStream err, Map<String, String> env) {
    }
}
