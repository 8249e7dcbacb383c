package eu.custodia.tlog.note;

/**
 * Syntax rules of <a href="https://c2sp.org/signed-note">C2SP signed-note</a>, section "Format": key
 * names and the character set of note text. Mirrors {@code isValidName} and the control-character
 * check of Go's {@code golang.org/x/mod/sumdb/note}.
 */
final class NoteFormat {

    /** The 100-signature cap of Go's {@code note.Open}; the spec requires accepting at least 16. */
    static final int MAX_SIGNATURES = 100;

    /** Upper bound on the size of an encoded signed note, in bytes. */
    static final int MAX_NOTE_BYTES = 1 << 20;

    /** Em dash (U+2014) and space that start every signature line. */
    static final String SIGNATURE_PREFIX = "\u2014 ";

    private NoteFormat() {
    }

    /**
     * Reports whether {@code name} is a valid key name: non-empty, no Unicode space (Go's
     * {@code unicode.IsSpace}) and no plus sign (U+002B).
     */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '+' || isSpace(cp) || cp >= 0xD800 && cp <= 0xDFFF) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Go's {@code unicode.IsSpace}: the Unicode White_Space property. */
    static boolean isSpace(int cp) {
        return cp >= 0x09 && cp <= 0x0D || cp == 0x85 || Character.isSpaceChar(cp);
    }

    /**
     * Returns the index of the first character that a note may not contain (an ASCII control
     * character other than newline, or an unpaired surrogate), or -1.
     */
    static int firstForbiddenChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                return i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the 1-based line number of character {@code index} in {@code s}. */
    static int lineOf(String s, int index) {
        int line = 1;
        for (int i = 0; i < index && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
