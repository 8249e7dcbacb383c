package eu.custodia.server.elevation.internal;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Commitment 5: a closed ticket ends its grants at once only if its ticket system can tell Custodia, through
 * a webhook whose signature cannot be forged. Fails when a ticket system has no webhook secret, or one shorter
 * than 32 bytes. Names the systems, never a secret.
 */
@Component
final class TicketWebhookSecretsCheck implements HardeningCheck {

    static final String ID = "ticket-webhooks";
    static final int STRONG_KEY_BYTES = 32;

    private final ElevationProperties properties;

    TicketWebhookSecretsCheck(ElevationProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<HardeningResult> check() {
        List<String> missing = new ArrayList<>();
        List<String> weak = new ArrayList<>();
        for (Map.Entry<String, ElevationProperties.TicketSystem> e : new TreeMap<>(properties.ticketSystems())
                .entrySet()) {
            if (e.getValue().webhookSecret() == null) {
                missing.add(e.getKey());
            } else if (e.getValue().webhookKey().length < STRONG_KEY_BYTES) {
                weak.add(e.getKey());
            }
        }
        if (missing.isEmpty() && weak.isEmpty()) {
            return List.of(HardeningResult.pass(ID, 5, "Every ticket system has a webhook secret of at least 32"
                    + " bytes: a closed ticket revokes its grants at once.", "Ogni sistema di ticket ha un segreto del"
                    + " webhook di almeno 32 byte: un ticket chiuso revoca subito i suoi accessi."));
        }
        List<String> en = new ArrayList<>();
        List<String> it = new ArrayList<>();
        if (!missing.isEmpty()) {
            en.add("without a webhook secret (a closed ticket does not end its grants): " + String.join(", ", missing));
            it.add("senza segreto del webhook (un ticket chiuso non ne termina gli accessi): "
                    + String.join(", ", missing));
        }
        if (!weak.isEmpty()) {
            en.add("with a webhook secret shorter than 32 bytes: " + String.join(", ", weak));
            it.add("con un segreto del webhook più corto di 32 byte: " + String.join(", ", weak));
        }
        return List.of(HardeningResult.fail(ID, 5, "Ticket systems " + String.join("; ", en) + ". Set"
                + " custodia.elevation.ticket-systems.<name>.webhook-secret to whsec_ followed by the base64 of 32"
                + " random bytes (echo \"whsec_$(openssl rand -base64 32)\") and configure the ticket system to sign"
                + " its events with it.", "Sistemi di ticket " + String.join("; ", it) + ". Impostare"
                + " custodia.elevation.ticket-systems.<nome>.webhook-secret a whsec_ seguito dal base64 di 32 byte"
                + " casuali (echo \"whsec_$(openssl rand -base64 32)\") e configurare il sistema di ticket perché"
                + " firmi i suoi eventi con esso."));
    }
}
