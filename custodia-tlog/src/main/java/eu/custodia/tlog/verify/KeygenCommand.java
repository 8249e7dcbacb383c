package eu.custodia.tlog.verify;

import eu.custodia.tlog.note.Ed25519NoteSigner;
import eu.custodia.tlog.note.NoteKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;

/** {@code keygen NAME [--out PREFIX]}: a new Ed25519 signed-note key pair, never overwriting a file. */
final class KeygenCommand {

    private KeygenCommand() {
    }

    static void run(List<String> argv, VerifyCommand.Context ctx) throws UsageException, IOException {
        Messages msg = ctx.msg();
        Args args = Args.parse(argv, Set.of("out"), Set.of(), msg);
        String name = args.positional(0, msg.get("what.name"), msg);
        args.requirePositionalCount(1, msg);
        String prefix = args.single("out", msg);
        if (prefix == null) {
            prefix = name.replaceAll("[^A-Za-z0-9._-]", "_");
        }
        NoteKeyPair pair;
        try {
            pair = Ed25519NoteSigner.generate(name, new SecureRandom());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Path privateFile = Path.of(prefix + ".key");
        Path publicFile = Path.of(prefix + ".vkey");
        writeNew(privateFile, pair.privateKey() + "\n", true);
        writeNew(publicFile, pair.verifierKey().encode() + "\n", false);
        ctx.out().println(msg.get("keygen.ok", privateFile, publicFile, pair.verifierKey().encode()));
    }

    private static void writeNew(Path file, String text, boolean secret) throws IOException {
        try {
            if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " already exists; not overwriting a key", e);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
