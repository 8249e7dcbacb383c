package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.tiles.TileHashReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * {@code log SOURCE --key VKEY [--state DIR]}: verify a whole tlog-tiles log and, with a state directory,
 * that it only grew since the previous run (RFC 9162 §2.1.4 consistency).
 */
final class LogCommand {

    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(2).toNanos();
    private static final long SAVE_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private LogCommand() {
    }

    static void run(List<String> argv, VerifyCommand.Context ctx)
            throws UsageException, VerificationException, IOException {
        Messages msg = ctx.msg();
        Args args = Args.parse(argv, Set.of("key", "state", "ca", "token", "origin"), Set.of(), msg);
        String sourceName = args.positional(0, msg.get("what.source"), msg);
        args.requirePositionalCount(1, msg);
        Keys keys = Keys.parse(args.all("key"), msg);
        String token = Optional.ofNullable(args.single("token", msg)).orElse(ctx.env().get("CUSTODIA_TOKEN"));
        LogState state = openState(args.single("state", msg), msg);
        try (LogSource source = openSource(sourceName, args.single("ca", msg), token, msg)) {
            byte[] signed = source.fetch("checkpoint", CheckpointCommand.MAX_SIGNED_CHECKPOINT)
                    .orElseThrow(() -> new UsageException(msg.get("usage.badSource", sourceName, "no checkpoint")));
            Checkpoint cp = CheckpointCommand.open(signed, sourceName + " checkpoint", keys,
                    args.single("origin", msg));
            ctx.err().println(msg.get("log.start", source.describe(), cp.origin(), Long.toString(cp.size())));

            Optional<byte[]> previousSigned = state == null ? Optional.empty() : state.previousCheckpoint();
            Checkpoint previous = null;
            if (previousSigned.isPresent()) {
                previous = CheckpointCommand.open(previousSigned.get(), state.dir().resolve("checkpoint").toString(),
                        keys, null);
                if (!previous.origin().equals(cp.origin())) {
                    throw new VerificationException(msg.get("log.originChanged", previous.origin(), cp.origin()));
                }
                if (previous.size() > cp.size()) {
                    violation(ctx, state, previousSigned.get(), signed, previous, cp, List.of(),
                            "the log shrank from " + previous.size() + " to " + cp.size() + " entries");
                }
            }

            TileFold fold = state == null ? new TileFold() : state.progressFor(cp).orElseGet(TileFold::new);
            if (fold.size() > 0) {
                ctx.err().println(msg.get("log.resumed", Long.toString(fold.size())));
            }
            new LogVerifier(source).verify(cp.size(), cp.rootHash(), fold, progress(ctx, state, cp));

            if (previous != null) {
                List<byte[]> proof = previous.size() == cp.size() ? List.of()
                        : MerkleTree.consistencyProof(new TileHashReader(new SourceTileStore(source), cp.size()),
                                previous.size(), cp.size());
                try {
                    ProofVerifier.verifyConsistency(previous.size(), cp.size(), proof, previous.rootHash(),
                            cp.rootHash());
                } catch (VerificationException e) {
                    violation(ctx, state, previousSigned.get(), signed, previous, cp, proof, e.getMessage());
                }
            }
            if (state != null) {
                state.saveCheckpoint(signed);
            }
            ctx.out().println(msg.get("log.ok", Long.toString(cp.size()), cp.origin(), Long.toString(cp.size()),
                    CheckpointCommand.describeRoot(cp)));
            if (state != null) {
                ctx.out().println(previous == null ? msg.get("log.firstRun", state.dir())
                        : previous.size() == cp.size() ? msg.get("log.unchanged")
                        : msg.get("log.consistent", Long.toString(previous.size())));
            }
        }
    }

    /** Prints (and saves beside the state) both checkpoints and the failing proof, then fails. */
    private static void violation(VerifyCommand.Context ctx, LogState state, byte[] previousSigned, byte[] currentSigned,
            Checkpoint previous, Checkpoint current, List<byte[]> proof, String reason)
            throws VerificationException, IOException {
        Messages msg = ctx.msg();
        StringBuilder text = new StringBuilder();
        text.append(msg.get("log.violation")).append("\n\n");
        text.append(msg.get("log.previous", state.previousSavedAt())).append('\n');
        text.append(new String(previousSigned, StandardCharsets.UTF_8)).append('\n');
        text.append(msg.get("log.current")).append('\n');
        text.append(new String(currentSigned, StandardCharsets.UTF_8)).append('\n');
        text.append(msg.get("log.proof", Long.toString(previous.size()), Long.toString(current.size()),
                Integer.toString(proof.size()))).append('\n');
        for (byte[] hash : proof) {
            text.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        text.append('\n').append(msg.get("log.reason", reason)).append('\n');
        ctx.out().print(text);
        state.saveEvidence("violation-" + previous.size() + "-" + current.size() + ".txt", text.toString());
        throw new VerificationException(reason);
    }

    private static LogVerifier.Listener progress(VerifyCommand.Context ctx, LogState state, Checkpoint cp) {
        long[] last = {System.nanoTime(), System.nanoTime()};
        return (fold, treeSize) -> {
            long now = System.nanoTime();
            boolean done = fold.size() == treeSize;
            if (done || now - last[0] >= PROGRESS_EVERY_NANOS) {
                last[0] = now;
                ctx.err().println(ctx.msg().get("log.progress", Long.toString(fold.size()), Long.toString(treeSize),
                        String.format(Locale.ROOT, "%.1f", treeSize == 0 ? 100.0 : 100.0 * fold.size() / treeSize)));
            }
            if (state != null && !done && now - last[1] >= SAVE_EVERY_NANOS) {
                last[1] = now;
                state.saveProgress(cp, fold);
            }
        };
    }

    private static LogState openState(String dir, Messages msg) throws UsageException {
        if (dir == null) {
            return null;
        }
        try {
            return new LogState(Path.of(dir));
        } catch (IOException | RuntimeException e) {
            throw new UsageException(msg.get("usage.badState", dir, Input.describe(e)), e);
        }
    }

    private static LogSource openSource(String name, String ca, String token, Messages msg) throws UsageException {
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("https://") || lower.startsWith("http://")) {
                SSLContext trust = null;
                if (ca != null) {
                    try {
                        trust = Trust.fromPem(Path.of(ca));
                    } catch (IOException | GeneralSecurityException | RuntimeException e) {
                        throw new UsageException(msg.get("usage.badCa", ca, Input.describe(e)), e);
                    }
                }
                return HttpLogSource.open(name, trust, token, Duration.ofMillis(500));
            }
            if (lower.contains("://")) {
                throw new IOException("unsupported scheme in " + URI.create(name).getScheme());
            }
            Path dir = Path.of(name);
            if (!Files.isDirectory(dir)) {
                throw new IOException("not a directory");
            }
            return new DirectoryLogSource(dir);
        } catch (IOException | RuntimeException e) {
            throw new UsageException(msg.get("usage.badSource", name, Input.describe(e)), e);
        }
    }
}
