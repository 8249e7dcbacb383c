package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.Hex;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** {@code checkpoint FILE --key VKEY [--origin ORIGIN]}: verify a signed C2SP checkpoint. */
final class CheckpointCommand {

    /** A signed checkpoint is a checkpoint body plus at most 100 signature lines. */
    static final int MAX_SIGNED_CHECKPOINT = Checkpoint.MAX_TEXT_BYTES + 64 * 1024;

    private CheckpointCommand() {
    }

    static void run(List<String> argv, VerifyCommand.Context ctx) throws UsageException, VerificationException {
        Messages msg = ctx.msg();
        Args args = Args.parse(argv, Set.of("key", "origin"), Set.of(), msg);
        String file = args.positional(0, msg.get("what.file"), msg);
        args.requirePositionalCount(1, msg);
        Keys keys = Keys.parse(args.all("key"), msg);
        String origin = args.single("origin", msg);
        Checkpoint cp = open(Input.read(file, MAX_SIGNED_CHECKPOINT, msg), file, keys, origin);
        ctx.out().println(msg.get("checkpoint.ok", cp.origin(), Long.toString(cp.size()), describeRoot(cp)));
    }

    /** Opens a signed checkpoint: every key must have signed it, and the origin must match when given. */
    static Checkpoint open(byte[] signed, String what, Keys keys, String expectedOrigin) throws VerificationException {
        Checkpoint cp = SignedCheckpoint.open(signed, what, keys.signers());
        if (expectedOrigin != null && !expectedOrigin.equals(cp.origin())) {
            throw new VerificationException(what + ": the checkpoint is for origin \"" + cp.origin()
                    + "\", not the expected \"" + expectedOrigin + "\"");
        }
        return cp;
    }

    static String describeRoot(Checkpoint cp) {
        return Base64.getEncoder().encodeToString(cp.rootHash()) + " (hex " + Hex.encode(cp.rootHash()) + ")";
    }
}
