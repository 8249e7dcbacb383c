package eu.custodia.server.identity.internal.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Which passwords a person may choose, after NIST SP 800-63B (5.1.1.2, memorized secrets):
 * <ul>
 *   <li>length {@value #MIN_LENGTH} to {@value #MAX_LENGTH}, counted in Unicode code points after NFKC
 *       normalisation ({@link PasswordText}, the same form {@link PasswordHasher} hashes), so an emoji or an
 *       accented letter counts once however it was typed, and spaces count like any other character;</li>
 *   <li>no composition rules: no required digits, symbols or mixed case, and no character is refused;</li>
 *   <li>not on the blocklist of common and breached passwords ({@link CommonPasswords}), compared
 *       case-insensitively;</li>
 *   <li>not equal to and not containing a context-specific word: the username or the local part of the e-mail
 *       address (before the last {@code @}), compared case-insensitively. Words shorter than
 *       {@value #MIN_CONTEXT_WORD} code points are ignored, since nearly any password would contain them.</li>
 * </ul>
 * It only judges a new password; verifying one at sign-in never applies it, so tightening it never locks anyone
 * out.
 */
public final class PasswordPolicy {

    /** The fewest code points a password may have. */
    public static final int MIN_LENGTH = 12;
    /** The most code points a password may have. */
    public static final int MAX_LENGTH = 128;
    /** The shortest context word (username or e-mail local part) that a password may not contain. */
    public static final int MIN_CONTEXT_WORD = 3;

    private final Supplier<CommonPasswords> blocklist;

    /** Creates a policy that refuses the passwords on this blocklist. */
    public PasswordPolicy(CommonPasswords blocklist) {
        Objects.requireNonNull(blocklist, "blocklist");
        this.blocklist = () -> blocklist;
    }

    private PasswordPolicy(Supplier<CommonPasswords> blocklist) {
        this.blocklist = blocklist;
    }

    /**
     * Returns the policy with the shipped blocklist, read at its first use (about 44,000 entries to fold and
     * sort: a fifth of a second that start-up need not wait for; {@link CommonPasswords#shipped()} may be
     * called ahead, off the start-up path, to have it ready).
     */
    public static PasswordPolicy shipped() {
        return new PasswordPolicy(CommonPasswords::shipped);
    }

    /**
     * Judges a password a person wants to set.
     *
     * @param password the password as typed
     * @param username the account's username, or {@code null}
     * @param email the account's e-mail address, or {@code null}
     * @return every problem found, none if the password is accepted
     */
    public PasswordCheck check(CharSequence password, String username, String email) {
        String normalized = PasswordText.normalize(password);
        List<PasswordProblem> problems = new ArrayList<>();
        if (!PasswordText.wellFormed(normalized)) {
            problems.add(PasswordProblem.INVALID_TEXT);
        }
        int length = PasswordText.codePoints(normalized);
        if (length < MIN_LENGTH) {
            problems.add(PasswordProblem.TOO_SHORT);
        } else if (length > MAX_LENGTH) {
            problems.add(PasswordProblem.TOO_LONG);
        }
        if (blocklist.get().contains(normalized)) {
            problems.add(PasswordProblem.COMMON);
        }
        String folded = PasswordText.folded(normalized);
        if (containsContextWord(folded, username) || containsContextWord(folded, email)) {
            problems.add(PasswordProblem.CONTAINS_USERNAME);
        }
        return new PasswordCheck(problems);
    }

    /** Whether the folded password contains the folded local part of the word (all of it if it has no @). */
    private static boolean containsContextWord(String foldedPassword, String word) {
        if (word == null) {
            return false;
        }
        String folded = PasswordText.folded(word.strip());
        int at = folded.lastIndexOf('@');
        String local = at < 0 ? folded : folded.substring(0, at);
        return PasswordText.codePoints(local) >= MIN_CONTEXT_WORD && foldedPassword.contains(local);
    }

    @Override
    public String toString() {
        return "PasswordPolicy[" + MIN_LENGTH + "-" + MAX_LENGTH + " code points, " + "blocklist]";
    }
}
