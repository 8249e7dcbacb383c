package eu.custodia.server.platform;

import java.util.ArrayList;
import java.util.List;

/** The results of every {@link HardeningCheck}, and their rendering for a person in English and Italian. */
public record HardeningReport(List<HardeningResult> results) {

    public HardeningReport {
        results = List.copyOf(results);
    }

    /** Runs every check; a check that throws counts as a failure of commitment 2 rather than being lost. */
    public static HardeningReport of(List<? extends HardeningCheck> checks) {
        List<HardeningResult> results = new ArrayList<>();
        for (HardeningCheck check : checks) {
            try {
                results.addAll(check.check());
            } catch (RuntimeException e) {
                String name = check.getClass().getSimpleName();
                results.add(HardeningResult.fail("check-error", 2,
                        "The hardening check " + name + " could not run (" + e.getClass().getSimpleName() + ").",
                        "Il controllo di sicurezza " + name + " non è stato eseguito ("
                                + e.getClass().getSimpleName() + ")."));
            }
        }
        return new HardeningReport(results);
    }

    public boolean passed() {
        return results.stream().allMatch(HardeningResult::passed);
    }

    public List<HardeningResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /**
     * Renders the report: {@code lang} {@code en} or {@code it} for one language, anything else (or null)
     * for both.
     */
    public String render(String lang) {
        boolean en = !"it".equals(lang);
        boolean it = !"en".equals(lang);
        long passing = results.stream().filter(HardeningResult::passed).count();
        StringBuilder sb = new StringBuilder();
        if (en) {
            sb.append("Custodia hardening report: ").append(passing).append(" of ").append(results.size())
                    .append(" checks pass").append(passed() ? "." : "; production mode would refuse to start.")
                    .append('\n');
        }
        if (it) {
            sb.append("Rapporto di sicurezza di Custodia: ").append(passing).append(" controlli superati su ")
                    .append(results.size()).append(passed() ? "." : "; la modalità production non si avvierebbe.")
                    .append('\n');
        }
        for (HardeningResult r : results) {
            String status = r.passed() ? (en ? "PASS" : "OK") : (en ? "FAIL" : "NO");
            if (en && it) {
                status = r.passed() ? "PASS/OK" : "FAIL/NO";
            }
            sb.append('\n').append(String.format(java.util.Locale.ROOT, "%-8s %s  [", status, r.id()));
            sb.append(en ? "commitment " : "impegno ").append(r.commitment());
            if (en && it) {
                sb.append(" / impegno ").append(r.commitment());
            }
            sb.append("]\n");
            if (en) {
                sb.append("         ").append(it ? "EN: " : "").append(r.reasonEn()).append('\n');
            }
            if (it) {
                sb.append("         ").append(en ? "IT: " : "").append(r.reasonIt()).append('\n');
            }
        }
        return sb.toString();
    }
}
