package eu.custodia.tlog.note;

import java.util.List;

/**
 * A note: its text and signatures (<a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section
 * "Format"). The counterpart of Go's {@code note.Note}.
 *
 * @param text the note text, ending in a newline
 * @param signatures signatures verified by a trusted key, in note order
 * @param unverifiedSignatures signatures from keys the reader does not know, in note order; they are
 *     carried along but prove nothing
 */
public record Note(String text, List<Signature> signatures, List<Signature> unverifiedSignatures) {

    public Note {
        if (text == null) {
            throw new NullPointerException("text");
        }
        signatures = List.copyOf(signatures);
        unverifiedSignatures = List.copyOf(unverifiedSignatures);
    }

    /** Returns an unsigned note with the given text. */
    public static Note of(String text) {
        return new Note(text, List.of(), List.of());
    }
}
