package eu.custodia.tlog.bundle;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.checkpoint.Checkpoint;
import eu.custodia.tlog.checkpoint.SignedCheckpoint;
import eu.custodia.tlog.merkle.Hex;
import eu.custodia.tlog.merkle.ProofVerifier;
import eu.custodia.tlog.merkle.Rfc9162;
import eu.custodia.tlog.note.RequiredSigners;
import eu.custodia.tlog.proof.TlogProof;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies an evidence bundle (version 1, {@code docs/evidence-bundle.md}) offline: sizes bounded first,
 * then the signed manifest, every member's SHA-256, the signed checkpoint, and each entry's RFC 9162
 * inclusion proof. Fails closed on the first problem, naming the member.
 */
public final class EvidenceBundleVerifier {

    /** What a verified bundle proves: these entries are in the log whose tree head is {@code checkpoint}. */
    public record Result(Checkpoint checkpoint, int entries) {
    }

    private EvidenceBundleVerifier() {
    }

    /**
     * Verifies the bundle in {@code file}; every key in {@code signers} must have signed the manifest and
     * the checkpoint.
     *
     * @throws IOException if the file cannot be read as a ZIP at all
     */
    public static Result verify(Path file, RequiredSigners signers) throws VerificationException, IOException {
        Map<String, byte[]> members = readMembers(file);
        byte[] manifestBytes = members.remove(EvidenceBundle.MANIFEST);
        if (manifestBytes == null) {
            throw new VerificationException("the bundle has no " + EvidenceBundle.MANIFEST);
        }
        Manifest manifest = Manifest.parse(signers.open(manifestBytes, EvidenceBundle.MANIFEST).text());
        manifest.check(members);

        byte[] signedCheckpoint = members.get(EvidenceBundle.CHECKPOINT);
        if (signedCheckpoint == null) {
            throw new VerificationException("the bundle has no " + EvidenceBundle.CHECKPOINT);
        }
        Checkpoint checkpoint = SignedCheckpoint.open(signedCheckpoint, EvidenceBundle.CHECKPOINT, signers);
        if (!checkpoint.origin().equals(manifest.origin())) {
            throw new VerificationException("checkpoint origin \"" + checkpoint.origin()
                    + "\" differs from the manifest's \"" + manifest.origin() + "\"");
        }
        int entries = 0;
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            Matcher proofName = EvidenceBundle.PROOF.matcher(m.getKey());
            if (proofName.matches()
                    && !members.containsKey(EvidenceBundle.entryName(Long.parseLong(proofName.group(1))))) {
                throw new VerificationException(m.getKey() + " has no entries/" + proofName.group(1));
            }
            Matcher entryName = EvidenceBundle.ENTRY.matcher(m.getKey());
            if (entryName.matches()) {
                verifyEntry(Long.parseLong(entryName.group(1)), m.getValue(), members, checkpoint, signers);
                entries++;
            }
        }
        return new Result(checkpoint, entries);
    }

    private static void verifyEntry(long index, byte[] entry, Map<String, byte[]> members, Checkpoint checkpoint,
            RequiredSigners signers) throws VerificationException {
        String name = EvidenceBundle.proofName(index);
        byte[] proofBytes = members.get(name);
        if (proofBytes == null) {
            throw new VerificationException(EvidenceBundle.entryName(index) + " has no " + name);
        }
        try {
            TlogProof proof = TlogProof.parse(proofBytes);
            if (proof.index() != index) {
                throw new VerificationException("the proof is for index " + proof.index());
            }
            Checkpoint proofCheckpoint = SignedCheckpoint.open(proof.checkpoint(), "its checkpoint", signers);
            if (!proofCheckpoint.origin().equals(checkpoint.origin()) || proofCheckpoint.size() != checkpoint.size()
                    || !MessageDigest.isEqual(proofCheckpoint.rootHash(), checkpoint.rootHash())) {
                throw new VerificationException("its checkpoint (size " + proofCheckpoint.size()
                        + ") is not the bundle's checkpoint (size " + checkpoint.size() + ")");
            }
            ProofVerifier.verifyInclusion(Rfc9162.leafHash(entry), index, checkpoint.size(), proof.hashes(),
                    checkpoint.rootHash());
        } catch (VerificationException e) {
            throw new VerificationException(name + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> readMembers(Path file) throws VerificationException, IOException {
        Map<String, byte[]> members = new TreeMap<>();
        long total = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > EvidenceBundle.MAX_MEMBERS) {
                throw new VerificationException("the bundle has " + zip.size() + " members; at most "
                        + EvidenceBundle.MAX_MEMBERS + " are allowed");
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!isKnownName(name)) {
                    throw new VerificationException("unexpected member \"" + printable(name) + "\"");
                }
                if (members.containsKey(name)) {
                    throw new VerificationException("member " + name + " appears twice");
                }
                byte[] data;
                try (InputStream in = zip.getInputStream(entry)) {
                    data = in.readNBytes((int) EvidenceBundle.MAX_MEMBER_BYTES + 1);
                }
                if (data.length > EvidenceBundle.MAX_MEMBER_BYTES) {
                    throw new VerificationException("member " + name + " is larger than "
                            + EvidenceBundle.MAX_MEMBER_BYTES + " bytes");
                }
                total += data.length;
                if (total > EvidenceBundle.MAX_TOTAL_BYTES) {
                    throw new VerificationException("the bundle holds more than " + EvidenceBundle.MAX_TOTAL_BYTES
                            + " bytes");
                }
                members.put(name, data);
            }
        } catch (ZipException e) {
            throw new VerificationException("not a valid ZIP archive: " + e.getMessage(), e);
        }
        return members;
    }

    private static boolean isKnownName(String name) {
        return name.equals(EvidenceBundle.MANIFEST) || name.equals(EvidenceBundle.CHECKPOINT)
                || EvidenceBundle.ENTRY.matcher(name).matches() || EvidenceBundle.PROOF.matcher(name).matches();
    }

    private static String printable(String name) {
        String cut = name.length() > 100 ? name.substring(0, 100) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Lower-case hex SHA-256, for the manifest. */
    static String sha256(byte[] data) {
        return Hex.encode(Rfc9162.newDigest().digest(data));
    }

}
