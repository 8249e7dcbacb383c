package eu.custodia.server.backup.internal;

import com.google.crypto.tink.StreamingAead;
import eu.custodia.server.backup.BackupCounts;
import eu.custodia.server.backup.BackupException;
import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.WrappedKeysets;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.note.Note;
import eu.custodia.tlog.note.NoteVerifiers;
import eu.custodia.tlog.note.SignedNote;
import eu.custodia.tlog.note.VerifierKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Opens an archive the careful way, cheapest checks first: the manifest's C2SP signed-note signature
 * (https://c2sp.org/signed-note) by the expected Ed25519 key; the archive's size and SHA-256 digests (whole
 * file, header, body) against the manifest; the header's tenant and archive id against the manifest; the
 * tenant's streaming keyset unwrapped by its KEK in the KMS; and, on demand, the whole body decrypted (each
 * segment authenticated) and parsed.
 */
@Component
final class ArchiveReader {

    private static final int MAX_MANIFEST_BYTES = 1 << 16;

    /** An archive whose manifest and digests checked out. */
    record Opened(Path archive, Manifest manifest, ArchiveHeader header, String headerSha256, long bodyOffset,
            String signer) {
    }

    private final LedgerKeys ledgerKeys;
    private final WrappedKeysets wrapped;

    ArchiveReader(LedgerKeys ledgerKeys, WrappedKeysets wrapped) {
        this.ledgerKeys = ledgerKeys;
        this.wrapped = wrapped;
    }

    static Path manifestOf(Path archive, Path manifest) {
        return manifest != null ? manifest
                : archive.resolveSibling(archive.getFileName() + ArchiveFiles.MANIFEST_SUFFIX);
    }

    Opened open(Path archive, Path manifestPath, String verifierKeyText) {
        Path manifestFile = manifestOf(archive, manifestPath);
        VerifierKey key = verifierKey(verifierKeyText);
        byte[] signed = readSmall(manifestFile);
        Note note;
        try {
            note = SignedNote.open(signed, NoteVerifiers.of(key.verifier()));
        } catch (VerificationException e) {
            throw new BackupException("the manifest " + manifestFile.getFileName() + " is not signed by the ledger key "
                    + key.encode() + ": it was altered, or signed by another deployment (" + e.getMessage() + ")",
                    "il manifesto " + manifestFile.getFileName() + " non è firmato dalla chiave del registro "
                    + key.encode() + ": è stato alterato, o firmato da un'altra installazione", e);
        }
        Manifest manifest = Manifest.parse(note.text());
        MessageDigest whole = ArchiveFiles.sha256();
        MessageDigest body = ArchiveFiles.sha256();
        byte[] headerBytes;
        long size = 0;
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16),
                whole)) {
            headerBytes = ArchiveFiles.readHeader(in);
            size = ArchiveFiles.bodyOffset(headerBytes.length);
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            throw new BackupException("no archive " + archive, "l'archivio " + archive + " non esiste", e);
        } catch (IOException e) {
            throw new BackupException("cannot read the archive " + archive + ": " + e.getMessage(),
                    "impossibile leggere l'archivio " + archive, e);
        }
        String headerSha = ArchiveFiles.hex(ArchiveFiles.sha256().digest(headerBytes));
        if (size != manifest.size() || !ArchiveFiles.hex(whole.digest()).equals(manifest.sha256())
                || !headerSha.equals(manifest.headerSha256())
                || !ArchiveFiles.hex(body.digest()).equals(manifest.bodySha256())) {
            throw new BackupException("the archive's size or SHA-256 differs from its signed manifest: the archive was"
                    + " altered, truncated or damaged", "la dimensione o lo SHA-256 dell'archivio non corrisponde al"
                    + " manifesto firmato: l'archivio è stato alterato, troncato o danneggiato");
        }
        ArchiveHeader header = ArchiveHeader.parse(headerBytes);
        if (!header.tenant().equals(manifest.tenant()) || !header.archiveId().equals(manifest.archiveId())) {
            throw new BackupException("the archive's header names another tenant or archive than its manifest",
                    "l'intestazione dell'archivio indica un tenant o un archivio diverso dal manifesto");
        }
        return new Opened(archive, manifest, header, headerSha, ArchiveFiles.bodyOffset(headerBytes.length),
                key.encode());
    }

    /** The tenant's streaming AEAD, unwrapped from the header's keysets by the KMS. */
    StreamingAead streamingAead(Opened opened) {
        try {
            return wrapped.openStreaming(opened.header().tenant(), opened.header().keysets());
        } catch (KmsUnavailableException e) {
            throw new BackupException("the archive cannot be read: tenant " + opened.header().tenant() + "'s"
                    + " key-encryption key is not available (destroyed by crypto-shredding, or the KMS is"
                    + " unreachable): " + e.getMessage(), "l'archivio non può essere letto: la chiave di cifratura"
                    + " delle chiavi del tenant " + opened.header().tenant() + " non è disponibile (distrutta, o KMS"
                    + " non raggiungibile)", e);
        } catch (IllegalStateException e) {
            throw new BackupException("the archive's keysets are incomplete: " + e.getMessage(),
                    "i keyset dell'archivio sono incompleti", e);
        }
    }

    /**
     * Decrypts and parses the whole body into {@code sink}, then checks the counts against the manifest.
     * Failures of the sink itself must be unchecked, so they are not mistaken for a damaged archive.
     */
    BackupCounts readBody(Opened opened, StreamingAead aead, BodyCodec.Sink sink) {
        Counting counting = new Counting(sink);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(opened.archive()), 1 << 16)) {
            file.skipNBytes(opened.bodyOffset());
            try (InputStream plain = aead.newDecryptingStream(file,
                    opened.header().bodyAssociatedData(opened.headerSha256()))) {
                BodyCodec.read(new BufferedInputStream(plain, 1 << 16), counting);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupException("the archive's encrypted body does not decrypt: it was altered or damaged, or"
                    + " it was not sealed with this tenant's keys (" + e.getMessage() + ")", "il corpo cifrato"
                    + " dell'archivio non si decifra: è stato alterato o danneggiato, o non è stato cifrato con le"
                    + " chiavi di questo tenant", e);
        }
        BackupCounts counts = counting.counts();
        if (!counts.equals(opened.manifest().counts())) {
            throw new BackupException("the archive holds other counts than its manifest states: " + counts,
                    "l'archivio contiene quantità diverse da quelle dichiarate nel manifesto");
        }
        return counts;
    }

    private VerifierKey verifierKey(String text) {
        if (text == null || text.isBlank()) {
            return ledgerKeys.verifierKey();
        }
        try {
            return VerifierKey.parse(text.strip());
        } catch (VerificationException e) {
            throw new BackupException("the verifier key is not a C2SP Ed25519 verifier key (name+id+key)",
                    "la chiave di verifica non è una chiave di verifica Ed25519 C2SP (nome+id+chiave)", e);
        }
    }

    private static byte[] readSmall(Path file) {
        try {
            if (Files.size(file) > MAX_MANIFEST_BYTES) {
                throw new BackupException("the manifest " + file + " is too large", "il manifesto " + file
                        + " è troppo grande");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BackupException("no manifest " + file + " (an archive without its manifest is incomplete;"
                    + " pass --manifest=FILE if it lies elsewhere)", "il manifesto " + file + " non esiste (un"
                    + " archivio senza manifesto è incompleto; indicarlo con --manifest=FILE)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Counts what passes through, for comparison with the manifest. */
    private static final class Counting implements BodyCodec.Sink {

        private final BodyCodec.Sink next;
        private final Map<String, Long> rows = new ConcurrentHashMap<>();
        private long blobBytes;

        Counting(BodyCodec.Sink next) {
            this.next = next;
        }

        @Override
        public void row(TenantTables.Table table, Object[] values) {
            rows.merge(table.name(), 1L, Long::sum);
            next.row(table, values);
        }

        @Override
        public void blobFile(String blobId, long version, long length, InputStream in) throws IOException {
            blobBytes += Math.max(length, 0);
            next.blobFile(blobId, version, length, in);
        }

        BackupCounts counts() {
            return TenantTables.counts(table -> rows.getOrDefault(table.name(), 0L), blobBytes);
        }
    }
}
