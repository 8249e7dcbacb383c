package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.proof.TlogProof;
import eu.custodia.tlog.tiles.EntryBundle;
import java.util.List;
import java.util.Set;

/** {@code proof FILE.tlog-proof --key VKEY --entry FILE}: verify one entry's inclusion (C2SP tlog-proof). */
final class ProofCommand {

    private ProofCommand() {
    }

    static void run(List<String> argv, VerifyCommand.Context ctx) throws UsageException, VerificationException {
        Messages msg = ctx.msg();
        Args args = Args.parse(argv, Set.of("key", "entry", "origin"), Set.of(), msg);
        String file = args.positional(0, msg.get("what.file"), msg);
        args.requirePositionalCount(1, msg);
        Keys keys = Keys.parse(args.all("key"), msg);
        String entryFile = args.required("entry", msg);
        String origin = args.single("origin", msg);
        byte[] proofBytes = Input.read(file, TlogProof.MAX_PROOF_BYTES, msg);
        byte[] entry = Input.read(entryFile, EntryBundle.MAX_ENTRY_SIZE, msg);
        Checkpoint cp = verify(proofBytes, entry, file, keys, origin);
        TlogProof proof = TlogProof.parse(proofBytes);
        ctx.out().println(msg.get("proof.ok", Long.toString(proof.index()), cp.origin(), Long.toString(cp.size()),
                CheckpointCommand.describeRoot(cp)));
    }

    /** Verifies a tlog-proof of {@code entry}, returning the checkpoint it proves inclusion in. */
    static Checkpoint verify(byte[] proofBytes, byte[] entry, String what, Keys keys, String expectedOrigin)
            throws VerificationException {
        TlogProof proof;
        try {
            proof = TlogProof.parse(proofBytes);
        } catch (VerificationException e) {
            throw new VerificationException(what + ": " + e.getMessage(), e);
        }
        Checkpoint cp = CheckpointCommand.open(proof.checkpoint(), what + " (its checkpoint)", keys, expectedOrigin);
        try {
            ProofVerifier.verifyInclusion(Rfc9162.leafHash(entry), proof.index(), cp.size(), proof.hashes(),
                    cp.rootHash());
        } catch (VerificationException e) {
            throw new VerificationException(what + ": entry " + proof.index() + ": " + e.getMessage(), e);
        }
        return cp;
    }
}
