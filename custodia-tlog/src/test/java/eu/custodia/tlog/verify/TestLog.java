package eu.custodia.tlog.verify;

import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.MerkleTree;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteKeyPair;
import eu.custodia.tlog.proof.TlogProof;
import eu.custodia.tlog.tiles.DirectoryTileStore;
import eu.custodia.tlog.tiles.TileHashReader;
import eu.custodia.tlog.tiles.TreeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** A real tlog-tiles log in a directory, signed by a fresh key: the fixture of the verifier tests. */
final class TestLog {

    final String origin;
    final NoteKeyPair key;
    final Ed25519NoteSigner signer;
    final Path dir;
    final DirectoryTileStore store;
    final List<byte[]> entries = new ArrayList<>();
    private TreeBuilder builder = TreeBuilder.empty();
    byte[] signedCheckpoint;
    Checkpoint checkpoint;

    TestLog(Path dir, String origin) throws Exception {
        this(dir, origin, Ed25519NoteSigner.generate(origin, new SecureRandom()));
    }

    TestLog(Path dir, String origin, NoteKeyPair key) throws Exception {
        this.dir = dir;
        this.origin = origin;
        this.key = key;
        this.signer = Ed25519NoteSigner.parse(key.privateKey());
        this.store = new DirectoryTileStore(dir);
        Files.createDirectories(dir);
    }

    /** Appends {@code count} entries ("prefix-i") and publishes a new signed checkpoint. */
    TestLog append(int count, String prefix) throws Exception {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add((prefix + "-" + (entries.size() + i) + " {\"event\":\"grant.used\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        builder.append(batch).writeTo(store);
        entries.addAll(batch);
        publish();
        return this;
    }

    void publish() throws Exception {
        long size = entries.size();
        checkpoint = new Checkpoint(origin, size, MerkleTree.rootHash(new TileHashReader(store, size), size));
        signedCheckpoint = SignedCheckpoint.sign(checkpoint, signer);
        Files.write(dir.resolve("checkpoint"), signedCheckpoint);
    }

    TlogProof proof(long index) throws Exception {
        long size = entries.size();
        return new TlogProof(null, index, MerkleTree.inclusionProof(new TileHashReader(store, size), index, size),
                signedCheckpoint);
    }

    String verifierKey() {
        return key.verifierKey().encode();
    }
}
