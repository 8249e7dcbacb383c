package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.bundle.EvidenceBundleVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code bundle FILE --key VKEY}: verify an evidence bundle ({@code docs/evidence-bundle.md}). */
final class BundleCommand {

    private BundleCommand() {
    }

    static void run(List<String> argv, VerifyCommand.Context ctx) throws UsageException, VerificationException {
        Messages msg = ctx.msg();
        Args args = Args.parse(argv, Set.of("key"), Set.of(), msg);
        String file = args.positional(0, msg.get("what.file"), msg);
        args.requirePositionalCount(1, msg);
        Keys keys = Keys.parse(args.all("key"), msg);
        Path path = Path.of(file);
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new UsageException(msg.get("usage.unreadable", file, "no such file"));
        }
        EvidenceBundleVerifier.Result result;
        try {
            result = EvidenceBundleVerifier.verify(path, keys.signers());
        } catch (IOException e) {
            throw new UsageException(msg.get("usage.unreadable", file, Input.describe(e)), e);
        }
        ctx.out().println(msg.get("bundle.ok", Integer.toString(result.entries()), result.checkpoint().origin(),
                Long.toString(result.checkpoint().size()), CheckpointCommand.describeRoot(result.checkpoint())));
    }
}
