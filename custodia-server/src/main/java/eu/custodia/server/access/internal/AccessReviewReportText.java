package eu.custodia.server.access.internal;

import eu.custodia.server.access.AccessReviews;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An access review's report as plain text or CSV (RFC 4180), with headings in English or Italian. Values stay
 * as the API gives them (ids, role names, times in UTC); the text rendering also names decisions and states in
 * the chosen language. A reviewer's note appears in the CSV only, guarded against spreadsheet formulas.
 */
final class AccessReviewReportText {

    /** The languages a report is written in. */
    static final List<String> LANGUAGES = List.of("en", "it");

    private static final Map<String, List<String>> HEADINGS = Map.of(
            "en", List.of("item", "account", "role", "tenant", "reviewer", "decision", "decided at", "decided by",
                    "note"),
            "it", List.of("voce", "account", "ruolo", "tenant", "revisore", "decisione", "decisa il", "decisa da",
                    "nota"));

    private static final Map<String, Map<String, String>> WORDS = Map.of(
            "en", Map.ofEntries(Map.entry("title", "Access review"), Map.entry("quarterly", "quarterly"),
                    Map.entry("on-demand", "on demand"), Map.entry("opened", "Opened"), Map.entry("by", "by"),
                    Map.entry("deadline", "deadline"), Map.entry("state", "state"), Map.entry("open", "open"),
                    Map.entry("closed", "closed"), Map.entry("assignments", "Assignments"),
                    Map.entry("certified", "certified"), Map.entry("revoked", "revoked"),
                    Map.entry("auto-revoked", "revoked at the deadline"), Map.entry("gone", "gone"),
                    Map.entry("kept", "kept (last administrator)"),
                    Map.entry("undecided", "undecided"), Map.entry("completion", "Reviewed"),
                    Map.entry("platform", "platform"), Map.entry("of", "of those needing a decision")),
            "it", Map.ofEntries(Map.entry("title", "Revisione degli accessi"), Map.entry("quarterly", "trimestrale"),
                    Map.entry("on-demand", "su richiesta"), Map.entry("opened", "Aperta il"), Map.entry("by", "da"),
                    Map.entry("deadline", "scadenza"), Map.entry("state", "stato"), Map.entry("open", "aperta"),
                    Map.entry("closed", "chiusa"), Map.entry("assignments", "Assegnazioni"),
                    Map.entry("certified", "confermate"), Map.entry("revoked", "revocate"),
                    Map.entry("auto-revoked", "revocate alla scadenza"), Map.entry("gone", "non più presenti"),
                    Map.entry("kept", "mantenute (ultimo amministratore)"),
                    Map.entry("undecided", "da decidere"), Map.entry("completion", "Riviste"),
                    Map.entry("platform", "piattaforma"), Map.entry("of", "di quelle da decidere")));

    private static final Map<String, Map<String, String>> DECISIONS = Map.of(
            "en", Map.of("certified", "certified", "revoked", "revoked", "auto-revoked", "revoked at the deadline",
                    "gone", "gone", "kept", "kept: last administrator", "", "undecided"),
            "it", Map.of("certified", "confermata", "revoked", "revocata", "auto-revoked", "revocata alla scadenza",
                    "gone", "non più presente", "kept", "mantenuta: ultimo amministratore", "", "da decidere"));

    private AccessReviewReportText() {
    }

    /** The report as plain text: a summary, then one line per item. */
    static String text(AccessReviews.Report report, String lang) {
        Map<String, String> w = WORDS.get(lang);
        AccessReviews.Campaign c = report.campaign();
        AccessReviews.Counts n = c.counts();
        StringBuilder out = new StringBuilder();
        out.append(w.get("title")).append(' ').append(c.id()).append(" (").append(w.get(c.trigger()))
                .append(c.quarter() == null ? "" : " " + c.quarter()).append(")\n");
        out.append(w.get("opened")).append(' ').append(c.openedAt()).append(' ').append(w.get("by")).append(' ')
                .append(c.openedBy()).append("; ").append(w.get("deadline")).append(' ').append(c.deadline())
                .append("; ").append(w.get("state")).append(' ').append(w.get(c.state()))
                .append(c.closedAt() == null ? "" : " " + c.closedAt()).append('\n');
        out.append(w.get("assignments")).append(": ").append(n.total()).append("; ")
                .append(w.get("certified")).append(' ').append(n.certified()).append(", ")
                .append(w.get("revoked")).append(' ').append(n.revoked()).append(", ")
                .append(w.get("auto-revoked")).append(' ').append(n.autoRevoked()).append(", ")
                .append(w.get("gone")).append(' ').append(n.gone()).append(", ")
                .append(w.get("kept")).append(' ').append(n.kept()).append(", ")
                .append(w.get("undecided")).append(' ').append(n.undecided()).append('\n');
        out.append(w.get("completion")).append(": ").append(percent(report.completion())).append(' ')
                .append(w.get("of")).append("\n\n");
        out.append(String.join(" | ", HEADINGS.get(lang).subList(0, 8))).append('\n');
        for (AccessReviews.Item i : report.items()) {
            out.append(String.join(" | ", i.id(), i.account(), i.role(), i.tenant() == null ? w.get("platform")
                    : i.tenant(), i.reviewer(), DECISIONS.get(lang).get(i.decision() == null ? "" : i.decision()),
                    i.decidedAt() == null ? "-" : i.decidedAt().toString(),
                    i.decidedBy() == null ? "-" : i.decidedBy())).append('\n');
        }
        return out.toString();
    }

    /** The report as CSV: a heading row in the language, then one row per item (CRLF line ends). */
    static String csv(AccessReviews.Report report, String lang) {
        StringBuilder out = new StringBuilder();
        row(out, HEADINGS.get(lang));
        for (AccessReviews.Item i : report.items()) {
            row(out, List.of(i.id(), i.account(), i.role(), i.tenant() == null ? "" : i.tenant(), i.reviewer(),
                    i.decision() == null ? "" : i.decision(), i.decidedAt() == null ? "" : i.decidedAt().toString(),
                    i.decidedBy() == null ? "" : i.decidedBy(), i.note() == null ? "" : i.note()));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int k = 0; k < cells.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(k)));
        }
        out.append("\r\n");
    }

    /** One CSV cell: quoted when needed; text a spreadsheet would run as a formula is prefixed with '. */
    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                || !text.equals(value)) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
