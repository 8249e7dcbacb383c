package eu.custodia.tlog.note;

import eu.custodia.tlog.VerificationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link NoteVerifiers} over a fixed list. Two verifiers with the same name and key ID make that pair
 * ambiguous: looking it up fails, as in Go's {@code note.VerifierList}, because a reader cannot tell which
 * key it trusts.
 */
final class VerifierList implements NoteVerifiers {

    private record NameId(String name, int keyId) {
    }

    private final Map<NameId, List<NoteVerifier>> byNameId = new HashMap<>();

    VerifierList(List<? extends NoteVerifier> verifiers) {
        for (NoteVerifier v : verifiers) {
            byNameId.computeIfAbsent(new NameId(v.name(), v.keyId()), k -> new ArrayList<>()).add(v);
        }
    }

    @Override
    public Optional<NoteVerifier> lookup(String name, int keyId) throws VerificationException {
        List<NoteVerifier> found = byNameId.get(new NameId(name, keyId));
        if (found == null) {
            return Optional.empty();
        }
        if (found.size() > 1) {
            throw new VerificationException("ambiguous key " + name + "+" + KeyId.hex(keyId)
                    + ": " + found.size() + " trusted keys share this name and key ID");
        }
        return Optional.of(found.get(0));
    }
}
