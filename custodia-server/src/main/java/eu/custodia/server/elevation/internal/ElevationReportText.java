package eu.custodia.server.elevation.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The access report as short plain text in English or Italian; values stay as the API gives them. */
final class ElevationReportText {

    /** The languages the report is written in. */
    static final List<String> LANGUAGES = List.of("en", "it");

    private static final Map<String, Map<String, String>> WORDS = Map.of(
            "en", Map.ofEntries(Map.entry("title", "Staff access report"), Map.entry("tenant", "tenant"),
                    Map.entry("period", "Period"), Map.entry("requests", "Requests"),
                    Map.entry("staff", "staff approvals"), Map.entry("customer", "customer approvals"),
                    Map.entry("denied", "Denials"), Map.entry("atStaff", "at the staff gate"),
                    Map.entry("atCustomer", "at the customer gate"), Map.entry("activations", "Activations"),
                    Map.entry("emergency", "Emergency uses"), Map.entry("ended", "Grants ended"),
                    Map.entry("concluded", "concluded"), Map.entry("revoked", "revoked"),
                    Map.entry("ticketClosed", "ticket closed"), Map.entry("expired", "expired"),
                    Map.entry("durations", "Duration (minutes)"), Map.entry("median", "median"),
                    Map.entry("max", "max"), Map.entry("onTime", "Ended on time"), Map.entry("late", "late")),
            "it", Map.ofEntries(Map.entry("title", "Rapporto sugli accessi del personale"),
                    Map.entry("tenant", "tenant"), Map.entry("period", "Periodo"),
                    Map.entry("requests", "Richieste"), Map.entry("staff", "approvazioni del personale"),
                    Map.entry("customer", "approvazioni del cliente"), Map.entry("denied", "Rifiuti"),
                    Map.entry("atStaff", "dal personale"), Map.entry("atCustomer", "dal cliente"),
                    Map.entry("activations", "Attivazioni"), Map.entry("emergency", "Usi di emergenza"),
                    Map.entry("ended", "Accessi terminati"), Map.entry("concluded", "conclusi"),
                    Map.entry("revoked", "revocati"), Map.entry("ticketClosed", "ticket chiuso"),
                    Map.entry("expired", "scaduti"), Map.entry("durations", "Durata (minuti)"),
                    Map.entry("median", "mediana"), Map.entry("max", "massimo"),
                    Map.entry("onTime", "Terminati in tempo"), Map.entry("late", "in ritardo")));

    private ElevationReportText() {
    }

    /** The report in {@code lang}, or in English then Italian when {@code lang} is null. */
    static String text(AccessReport r, String lang) {
        if (lang == null) {
            return text(r, "en") + "\n" + text(r, "it");
        }
        Map<String, String> w = WORDS.get(lang);
        AccessReport.Durations d = r.durations();
        AccessReport.OnTime o = r.revokedOnTime();
        StringBuilder out = new StringBuilder();
        out.append(w.get("title")).append(", ").append(w.get("tenant")).append(' ').append(r.tenant()).append('\n');
        out.append(w.get("period")).append(": ").append(r.from()).append(" - ").append(r.to()).append(" (UTC)\n");
        out.append(w.get("requests")).append(": ").append(r.requests()).append("; ").append(w.get("staff"))
                .append(' ').append(r.staffApprovals()).append(", ").append(w.get("customer")).append(' ')
                .append(r.customerApprovals()).append('\n');
        out.append(w.get("denied")).append(": ").append(w.get("atStaff")).append(' ').append(r.denials().staff())
                .append(", ").append(w.get("atCustomer")).append(' ').append(r.denials().customer()).append('\n');
        out.append(w.get("activations")).append(": ").append(r.activations()).append("; ").append(w.get("emergency"))
                .append(": ").append(r.emergencyUses()).append('\n');
        out.append(w.get("ended")).append(": ").append(r.ended().total()).append("; ").append(w.get("concluded"))
                .append(' ').append(r.ended().concluded()).append(", ").append(w.get("revoked")).append(' ')
                .append(r.ended().revoked()).append(", ").append(w.get("ticketClosed")).append(' ')
                .append(r.ended().ticketClosed()).append(", ").append(w.get("expired")).append(' ')
                .append(r.ended().expired()).append('\n');
        out.append(w.get("durations")).append(": n ").append(d.count()).append(", ").append(w.get("median"))
                .append(' ').append(number(d.medianMinutes())).append(", ").append(w.get("max")).append(' ')
                .append(number(d.maxMinutes())).append('\n');
        out.append(w.get("onTime")).append(": ").append(number(o.percentOnTime())).append("% (").append(o.onTime())
                .append(", ").append(w.get("late")).append(' ').append(o.late()).append(")\n");
        return out.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
