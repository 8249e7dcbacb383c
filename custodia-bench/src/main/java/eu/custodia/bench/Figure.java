package eu.custodia.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * One measured figure of a suite, as printed on one line of JSON by {@code ./bench} and as a row of
 * {@code BENCHMARKS.md}.
 *
 * @param suite the suite that measured it
 * @param metric a stable identifier of what was measured
 * @param value the measurement, or {@code null} if it could not be taken
 * @param unit the unit of {@code value} (and of {@code baseline})
 * @param baseline what {@code value} is compared with on the same machine in the same run, or {@code null}
 * @param ratio {@code value / baseline}, or {@code null} without a baseline
 * @param target the target (on {@code ratio} when there is one, else on {@code value}), or {@code null}
 * @param pass whether the target is met (and, for figures without a target, whether the run succeeded)
 */
public record Figure(String suite, String metric, Double value, String unit, Double baseline, Double ratio,
        Target target, boolean pass) {

    private static final MathContext DIGITS = new MathContext(4);

    /**
     * A figure compared with a baseline: the ratio is {@code value / baseline} and {@code target} applies to
     * it.
     */
    public static Figure relative(String suite, String metric, Double value, String unit, Double baseline,
            String target) {
        Double ratio = value == null || baseline == null || baseline == 0 ? null : value / baseline;
        Target t = target == null ? null : Target.parse(target);
        return new Figure(suite, metric, value, unit, baseline, ratio, t, t == null ? ratio != null : t.test(ratio));
    }

    /** A figure without a baseline; {@code target} (may be {@code null}) applies to the value. */
    public static Figure absolute(String suite, String metric, Double value, String unit, String target) {
        Target t = target == null ? null : Target.parse(target);
        return new Figure(suite, metric, value, unit, null, null, t, t == null ? value != null : t.test(value));
    }

    /** Returns this figure, failed unless {@code condition} also holds. */
    public Figure requiring(boolean condition) {
        return new Figure(suite, metric, value, unit, baseline, ratio, target, pass && condition);
    }

    /** Returns the figure as one line of JSON, keys in a fixed order, numbers to four significant digits. */
    public String toJson() {
        return "{\"suite\":" + Json.string(suite)
                + ",\"metric\":" + Json.string(metric)
                + ",\"value\":" + Json.number(round(value))
                + ",\"unit\":" + Json.string(unit)
                + ",\"baseline\":" + Json.number(round(baseline))
                + ",\"ratio\":" + Json.number(round(ratio))
                + ",\"target\":" + (target == null ? "null" : Json.string(target.toString()))
                + ",\"pass\":" + pass + "}";
    }

    /** Rounds to four significant digits, in plain decimal notation; {@code null} for missing or non-finite. */
    static String round(Double x) {
        if (x == null || !Double.isFinite(x)) {
            return null;
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(x).round(DIGITS).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** Returns the rounded number for a table cell, or a dash. */
    static String cell(Double x) {
        String r = round(x);
        return r == null ? "–" : r;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s = %s %s", suite, metric, cell(value), unit);
    }
}
