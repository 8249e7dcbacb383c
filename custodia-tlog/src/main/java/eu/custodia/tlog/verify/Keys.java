package eu.custodia.tlog.verify;

import eu.custodia.tlog.VerificationException;
import eu.custodia.tlog.note.NoteVerifier;
import eu.custodia.tlog.note.RequiredSigners;
import eu.custodia.tlog.note.VerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code --key} arguments: verifier keys given inline or as files, every one of which must sign. */
final class Keys {

    private static final int MAX_KEY_FILE = 4096;

    private final List<NoteVerifier> verifiers;

    private Keys(List<NoteVerifier> verifiers) {
        this.verifiers = List.copyOf(verifiers);
    }

    static Keys parse(List<String> values, Messages msg) throws UsageException {
        if (values.isEmpty()) {
            throw new UsageException(msg.get("usage.missingOption", "--key"));
        }
        List<NoteVerifier> out = new ArrayList<>();
        for (String value : values) {
            out.add(parseOne(value, msg));
        }
        return new Keys(out);
    }

    private static NoteVerifier parseOne(String value, Messages msg) throws UsageException {
        String text = value;
        if (!value.contains("+")) {
            try {
                Path file = Path.of(value);
                if (Files.size(file) > MAX_KEY_FILE) {
                    throw new UsageException(msg.get("usage.badKey", value, "file too large"));
                }
                text = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new UsageException(msg.get("usage.badKey", value, e.getMessage()), e);
            }
        }
        try {
            return VerifierKey.parse(text).verifier();
        } catch (VerificationException e) {
            throw new UsageException(msg.get("usage.badKey", value, e.getMessage()), e);
        }
    }

    RequiredSigners signers() {
        return new RequiredSigners(verifiers);
    }
}
