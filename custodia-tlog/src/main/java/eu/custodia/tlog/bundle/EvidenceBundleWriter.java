package eu.custodia.tlog.bundle;

import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.merkle.Hex;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.NoteSigner;
import eu.custodia.tlog.note.SignedNote;
import eu.custodia.tlog.proof.TlogProof;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an evidence bundle (version 1, {@code docs/evidence-bundle.md}): the entries and their proofs
 * against one signed checkpoint, with a manifest of SHA-256s signed by the log's key.
 */
public final class EvidenceBundleWriter {

    /** One entry and its tlog-proof against the bundle's checkpoint. */
    public record Item(long index, byte[] entry, TlogProof proof) {
        public Item {
            entry = entry.clone();
        }

        @Override
        public byte[] entry() {
            return entry.clone();
        }
    }

    private EvidenceBundleWriter() {
    }

    /**
     * Writes the bundle to {@code out}. {@code signedCheckpoint} is the signed checkpoint every proof refers
     * to; {@code signer} (the log's key) signs the manifest; {@code created} is recorded in it.
     */
    public static void write(OutputStream out, byte[] signedCheckpoint, Checkpoint checkpoint, List<Item> items,
            NoteSigner signer, Instant created) throws IOException, GeneralSecurityException {
        Map<String, byte[]> members = new TreeMap<>();
        members.put(EvidenceBundle.CHECKPOINT, signedCheckpoint.clone());
        for (Item item : items) {
            if (item.proof().index() != item.index()) {
                throw new IllegalArgumentException("proof for index " + item.proof().index()
                        + " given for entry " + item.index());
            }
            if (members.put(EvidenceBundle.entryName(item.index()), item.entry()) != null) {
                throw new IllegalArgumentException("entry " + item.index() + " is given twice");
            }
            members.put(EvidenceBundle.proofName(item.index()), item.proof().encode());
        }
        StringBuilder manifest = new StringBuilder(EvidenceBundle.VERSION_LINE).append('\n')
                .append("origin ").append(checkpoint.origin()).append('\n')
                .append("created ").append(created.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        MessageDigest sha = Rfc9162.newDigest();
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            manifest.append("file ").append(Hex.encode(sha.digest(m.getValue()))).append(' ')
                    .append(m.getValue().length).append(' ').append(m.getKey()).append('\n');
        }
        byte[] signedManifest = SignedNote.sign(manifest.toString(), signer);
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            put(zip, EvidenceBundle.MANIFEST, signedManifest);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                put(zip, m.getKey(), m.getValue());
            }
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0L);
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
