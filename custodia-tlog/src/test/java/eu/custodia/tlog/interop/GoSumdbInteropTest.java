package eu.custodia.tlog.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteKeyPair;
import eu.custodia.tlog.proof.TlogProof;
import eu.custodia.tlog.tiles.DirectoryTileStore;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TileId;
import eu.custodia.tlog.tiles.TreeBuilder;
import eu.custodia.tlog.verify.VerifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with an implementation nobody here wrote: Go's {@code golang.org/x/mod/sumdb/note} and
 * {@code sumdb/tlog} (Debian's golang-golang-x-mod-dev), driven by {@code src/test/go/interop/main.go}.
 * Both directions: Go verifies logs, checkpoints and proofs we wrote; we verify logs Go wrote.
 *
 * <p>Skipped where Go is not installed, except when {@code CUSTODIA_REQUIRE_INTEROP=true} (CI), where a
 * missing Go fails the build.
 */
class GoSumdbInteropTest {

    private static final Path GOPATH = Path.of("/usr/share/gocode");

    @TempDir
    static Path shared;

    static Path interop;

    @BeforeAll
    static void buildGoHarness() throws Exception {
        boolean available = Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/tlog")) && goOnPath();
        if (!available) {
            if ("true".equals(System.getenv("CUSTODIA_REQUIRE_INTEROP"))) {
                fail("CUSTODIA_REQUIRE_INTEROP=true but Go and golang.org/x/mod are not installed "
                        + "(apt-get install golang-go golang-golang-x-mod-dev)");
            }
            Assumptions.abort("Go and golang.org/x/mod are not installed; interop tests skipped");
        }
        interop = shared.resolve("interop");
        Result r = exec(List.of("go", "build", "-o", interop.toString(),
                Path.of("src/test/go/interop/main.go").toAbsolutePath().toString()));
        assertThat(r.status).as(r.output).isZero();
    }

    private static boolean goOnPath() {
        try {
            return exec(List.of("go", "version")).status == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void goVerifiesLogCheckpointInclusionAndConsistencyWrittenByCustodia(@TempDir Path tmp) throws Exception {
        NoteKeyPair key = Ed25519NoteSigner.generate("ledger.custodia.example/tenant/acme", new SecureRandom());
        Ed25519NoteSigner signer = Ed25519NoteSigner.parse(key.privateKey());
        Path dir = tmp.resolve("log");
        DirectoryTileStore store = new DirectoryTileStore(dir);
        TreeBuilder builder = TreeBuilder.empty();
        List<byte[]> entries = new ArrayList<>();
        builder.append(batch(entries, 300)).writeTo(store);
        byte[] old = sign(store, 300, signer);
        Files.write(tmp.resolve("old-checkpoint"), old);
        for (int i = 0; i < 7; i++) {
            builder.append(batch(entries, 1 + i * 97)).writeTo(store);
        }
        long size = entries.size();
        byte[] current = sign(store, size, signer);
        Files.write(dir.resolve("checkpoint"), current);
        TileHashReader hashes = new TileHashReader(store, size);
        long index = 333;
        Files.write(tmp.resolve("p.tlog-proof"),
                new TlogProof(null, index, MerkleTree.inclusionProof(hashes, index, size), current).encode());
        Files.write(tmp.resolve("entry"), entries.get((int) index));
        Files.writeString(tmp.resolve("consistency"), MerkleTree.consistencyProof(hashes, 300, size).stream()
                .map(h -> Base64.getEncoder().encodeToString(h)).collect(Collectors.joining("\n")) + "\n");

        Result ok = goVerify(tmp, dir, key.verifierKey().encode());
        assertThat(ok.status).as(ok.output).isZero();
        assertThat(ok.output).contains("ok origin=ledger.custodia.example/tenant/acme size=" + size);

        // Control: the Go side is not vacuous; a flipped entry byte or a foreign key fails there too.
        Path bundle = store.pathOf(TileId.entryBundle(0, 256));
        byte[] b = Files.readAllBytes(bundle);
        b[10] ^= 1;
        Files.write(bundle, b);
        assertThat(goVerify(tmp, dir, key.verifierKey().encode()).status).isNotZero();
        b[10] ^= 1;
        Files.write(bundle, b);
        String foreign = Ed25519NoteSigner.generate("ledger.custodia.example/tenant/acme", new SecureRandom())
                .verifierKey().encode();
        assertThat(goVerify(tmp, dir, foreign).status).isNotZero();
    }

    @Test
    void custodiaVerifiesLogsCheckpointsAndProofsWrittenByGo(@TempDir Path tmp) throws Exception {
        assertThat(exec(List.of(interop.toString(), "make", tmp.resolve("a/log").toString(), "300", "go.example/log"))
                .status).isZero();
        assertThat(exec(List.of(interop.toString(), "make", tmp.resolve("b/log").toString(), "70000", "go.example/log"))
                .status).isZero();
        String vkey = Files.readString(tmp.resolve("a/vkey")).strip();
        assertThat(Files.readString(tmp.resolve("b/vkey")).strip()).isEqualTo(vkey);

        String state = tmp.resolve("state").toString();
        assertThat(custodiaVerify("log", tmp.resolve("a/log").toString(), "--key", vkey, "--state", state)).isZero();
        assertThat(custodiaVerify("checkpoint", tmp.resolve("b/log/checkpoint").toString(), "--key", vkey)).isZero();
        assertThat(custodiaVerify("proof", tmp.resolve("b/proof.tlog-proof").toString(), "--key", vkey, "--entry",
                tmp.resolve("b/entry").toString())).isZero();
        // Consistency 300 -> 70,000 proved from tiles Go wrote, against the checkpoint saved from Go's first log.
        assertThat(custodiaVerify("log", tmp.resolve("b/log").toString(), "--key", vkey, "--state", state)).isZero();
        assertThat(custodiaVerify("proof", tmp.resolve("a/proof.tlog-proof").toString(), "--key", vkey, "--entry",
                tmp.resolve("b/entry").toString())).as("entry 35000 is not entry 150").isEqualTo(1);
    }

    private static List<byte[]> batch(List<byte[]> entries, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(("custodia-entry-" + (entries.size() + i)).getBytes(StandardCharsets.UTF_8));
        }
        entries.addAll(out);
        return out;
    }

    private static byte[] sign(DirectoryTileStore store, long size, Ed25519NoteSigner signer) throws Exception {
        Checkpoint cp = new Checkpoint("ledger.custodia.example/tenant/acme", size,
                MerkleTree.rootHash(new TileHashReader(store, size), size));
        return SignedCheckpoint.sign(cp, signer);
    }

    private static Result goVerify(Path tmp, Path dir, String vkey) throws Exception {
        return exec(List.of(interop.toString(), "verify", dir.toString(), vkey, tmp.resolve("p.tlog-proof").toString(),
                tmp.resolve("entry").toString(), tmp.resolve("old-checkpoint").toString(),
                tmp.resolve("consistency").toString()));
    }

    private static int custodiaVerify(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return new VerifyCommand(Map.of(), ps, ps).run(List.of(args));
    }

    private record Result(int status, String output) {
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GO111MODULE", "off");
        env.put("GOPATH", GOPATH.toString());
        env.put("GOFLAGS", "");
        env.put("CGO_ENABLED", "0");
        env.put("GOCACHE", Path.of("target/gocache").toAbsolutePath().toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, output + "\n(timed out)");
        }
        return new Result(p.exitValue(), output);
    }
}
