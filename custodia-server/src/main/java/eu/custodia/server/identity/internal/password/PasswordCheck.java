package eu.custodia.server.identity.internal.password;

import java.util.List;
import java.util.Objects;

/**
 * What {@link PasswordPolicy#check} found: the problems, in a fixed order, none when the password is accepted.
 * It holds no part of the password, so printing it is safe.
 *
 * @param problems every reason the password is refused
 */
public record PasswordCheck(List<PasswordProblem> problems) {

    /** Copies the list. */
    public PasswordCheck {
        problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    }

    /** Returns whether the password meets the policy. */
    public boolean accepted() {
        return problems.isEmpty();
    }

    /** Returns the stable codes of the problems, e.g. {@code [too-short, common]}. */
    public List<String> codes() {
        return problems.stream().map(PasswordProblem::code).toList();
    }

    /** Returns the messages in the given language ({@code it} for Italian, anything else English). */
    public List<String> messages(String lang) {
        return problems.stream().map(p -> p.message(lang)).toList();
    }
}
