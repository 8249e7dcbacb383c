package eu.custodia.server.identity.internal;

import eu.custodia.server.identity.SetupStatus;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * At startup, while no platform administrator exists, prints a fresh one-time setup token on the console
 * (never in the log files) with instructions in English and Italian; the previous token, if any, stops
 * working.
 */
@Component
@ConditionalOnWebApplication
final class SetupBootstrap implements ApplicationRunner {

    private final SetupTokens tokens;
    private final PrintStream console;

    SetupBootstrap(SetupTokens tokens) {
        this.tokens = tokens;
        this.console = System.out;
    }

    @Override
    public void run(ApplicationArguments args) {
        tokens.issueIfNoAdministrator().ifPresent(issued -> console.println(instructions(issued)));
    }

    static String instructions(SetupTokens.Issued issued) {
        String until = DateTimeFormatter.ISO_INSTANT.format(issued.expiresAt());
        String command = "curl -X POST https://<host>:<port>" + SetupStatus.SETUP_PATH
                + " -H 'Authorization: Bearer " + issued.token() + "'";
        String rule = "=".repeat(100);
        return String.join(System.lineSeparator(),
                rule,
                "Custodia has no administrator yet. / Custodia non ha ancora un amministratore.",
                "",
                "One-time setup token, valid until " + until + " (shown only now):",
                "Token di configurazione monouso, valido fino a " + until + " (mostrato solo ora):",
                "",
                "    " + issued.token(),
                "",
                "EN: create the first platform administrator within the hour:",
                "    POST " + SetupStatus.SETUP_PATH + " with 'Authorization: Bearer <token>', e.g.",
                "    " + command,
                "    The response holds the administrator's API key, shown once: store it safely.",
                "    Until then every other request is refused (503). Restarting prints a new token.",
                "IT: create il primo amministratore della piattaforma entro un'ora:",
                "    POST " + SetupStatus.SETUP_PATH + " con 'Authorization: Bearer <token>', ad esempio",
                "    " + command,
                "    La risposta contiene la chiave API dell'amministratore, mostrata una sola volta: conservatela.",
                "    Fino ad allora ogni altra richiesta è rifiutata (503). Un riavvio stampa un nuovo token.",
                rule);
    }
}
