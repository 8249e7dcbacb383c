package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.HardeningReport;

/** Production mode refused to start: the message lists every failing check, in English and Italian. */
final class InsecureConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InsecureConfigurationException(HardeningReport report) {
        super(message(report));
    }

    static String message(HardeningReport report) {
        StringBuilder sb = new StringBuilder("Custodia refuses to start in production mode: ")
                .append(report.failures().size()).append(" insecure setting(s). / Custodia non si avvia in "
                        + "modalità production: ").append(report.failures().size())
                .append(" impostazione/i non sicura/e.\n");
        report.failures().forEach(r -> sb.append("\n- ").append(r.id()).append(" [commitment ")
                .append(r.commitment()).append(" / impegno ").append(r.commitment()).append("]\n  EN: ")
                .append(r.reasonEn()).append("\n  IT: ").append(r.reasonIt()).append('\n'));
        return sb.toString();
    }
}
