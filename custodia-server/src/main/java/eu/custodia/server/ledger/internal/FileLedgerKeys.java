package eu.custodia.server.ledger.internal;

import eu.custodia.server.ledger.LedgerKeys;
import eu.custodia.server.platform.CustodiaProperties;
import eu.custodia.server.platform.Mode;
import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteKeyPair;
import eu.custodia.tlog.note.NoteSigner;
import eu.custodia.tlog.note.SignedNote;
import eu.custodia.tlog.note.VerifierKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The log signing key as a private-key text file {@code ledger-signing.key} in the data directory (POSIX
 * mode 600), created with a fresh Ed25519 key at first start, key name {@code custodia.origin}. A file
 * readable by group or others is tightened in dev mode and refused in production mode. Several nodes on one
 * database must share this file (or, later, a KMS key): each node signs with whatever key it holds.
 */
@Component
public final class FileLedgerKeys implements LedgerKeys {

    /** File name of the key in the data directory. */
    public static final String FILE_NAME = "ledger-signing.key";

    private static final Logger LOG = LoggerFactory.getLogger(FileLedgerKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final Ed25519NoteSigner signer;
    private final BouncyCastleEd25519Signer fastSigner;

    public FileLedgerKeys(CustodiaProperties properties) {
        this.file = properties.dataDir().resolve(FILE_NAME).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                create(properties.origin());
            }
            checkPermissions(properties.mode());
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            this.signer = Ed25519NoteSigner.parse(text);
            this.fastSigner = BouncyCastleEd25519Signer.of(text, signer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the ledger signing key " + file, e);
        } catch (VerificationException e) {
            throw new IllegalStateException("the ledger signing key " + file + " is not a valid Ed25519 private key"
                    + " (la chiave di firma del registro non è valida)", e);
        }
        if (!signer.name().equals(properties.origin())) {
            throw new IllegalStateException("the ledger signing key " + file + " is named \"" + signer.name()
                    + "\" but custodia.origin is \"" + properties.origin() + "\"; logs must keep the key they"
                    + " started with (la chiave di firma appartiene a un'altra origine)");
        }
        LOG.info("ledger verifier key: {}", signer.verifierKey().encode());
    }

    private void create(String origin) throws IOException {
        NoteKeyPair pair;
        try {
            pair = Ed25519NoteSigner.generate(origin, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
        }
        Path tmp = file.resolveSibling("." + FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix()) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, pair.privateKey() + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            if (!Files.exists(file)) {
                throw e;
            }
        }
        LOG.info("created the ledger signing key {}", file);
    }

    private void checkPermissions(Mode mode) throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (OWNER_ONLY.containsAll(perms)) {
            return;
        }
        if (mode == Mode.PRODUCTION) {
            throw new IllegalStateException("the ledger signing key " + file + " is readable by others (mode "
                    + PosixFilePermissions.toString(perms) + "); run chmod 600 on it (la chiave di firma del"
                    + " registro è leggibile da altri utenti: impostare i permessi a 600)");
        }
        LOG.warn("the ledger signing key {} was readable by others; setting mode 600", file);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    private boolean posix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Returns the checkpoint signer (the same key, signed through BouncyCastle); internal to the ledger. */
    NoteSigner signer() {
        return fastSigner;
    }

    @Override
    public String sign(String noteText) {
        try {
            return new String(SignedNote.sign(noteText, fastSigner), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign the note: " + e.getMessage(), e);
        }
    }

    @Override
    public VerifierKey verifierKey() {
        return signer.verifierKey();
    }

    @Override
    public KeyLocation keyLocation() {
        return new KeyLocation(KeyLocation.Kind.PLAIN_FILE, file.toString());
    }
}
