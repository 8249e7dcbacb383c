package eu.custodia.bench;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target a figure must meet, written as a comparison with a bound: {@code ">=0.4"}, {@code "<=100"},
 * {@code ">2"} or {@code "<2"}. It applies to a figure's ratio when the figure has a baseline, else to
 * its value.
 *
 * @param operator one of {@code >=}, {@code <=}, {@code >}, {@code <}
 * @param bound the number compared with
 */
public record Target(String operator, BigDecimal bound) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*(>=|<=|>|<)\\s*([-+]?[0-9]+(?:\\.[0-9]+)?)\\s*");

    /** @throws IllegalArgumentException if the operator is not one of the four comparisons */
    public Target {
        Objects.requireNonNull(bound, "bound");
        if (!operator.equals(">=") && !operator.equals("<=") && !operator.equals(">") && !operator.equals("<")) {
            throw new IllegalArgumentException("unknown comparison " + operator);
        }
    }

    /**
     * Parses {@code ">=0.4"} and the like.
     *
     * @throws IllegalArgumentException if {@code text} is not a comparison followed by a decimal number
     */
    public static Target parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("target \"" + text + "\" is not of the form >=N, <=N, >N or <N");
        }
        return new Target(m.group(1), new BigDecimal(m.group(2)));
    }

    /** Returns whether {@code x} meets the target; a missing or non-finite {@code x} never does. */
    public boolean test(Double x) {
        if (x == null || !Double.isFinite(x)) {
            return false;
        }
        int c = BigDecimal.valueOf(x).compareTo(bound);
        switch (operator) {
            case ">=":
                return c >= 0;
            case "<=":
                return c <= 0;
            case ">":
                return c > 0;
            default:
                return c < 0;
        }
    }

    /** Returns the text form, for example {@code ">=0.4"}. */
    @Override
    public String toString() {
        return operator + bound.toPlainString();
    }
}
