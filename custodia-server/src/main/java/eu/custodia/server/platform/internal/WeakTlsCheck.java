package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.TlsProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Commitment 9 (strict: TLS 1.2–1.3 only): refuses any setting that weakens the listener: TLS switched off,
 * another SSL bundle, a plain-HTTP management port, or protocols and cipher suites outside
 * {@link TlsProperties#ALLOWED_PROTOCOLS} and {@link TlsProperties#ALLOWED_CIPHERS}, wherever they are set.
 */
@Component
final class WeakTlsCheck implements HardeningCheck {

    static final String ID = "tls-weak-settings";
    private static final String BUNDLE = "spring.ssl.bundle.pem." + TlsProperties.BUNDLE + ".";
    private static final List<String> PROTOCOL_SETTINGS = List.of("custodia.tls.protocols",
            BUNDLE + "options.enabled-protocols", "server.ssl.enabled-protocols");
    private static final List<String> CIPHER_SETTINGS = List.of("custodia.tls.ciphers", BUNDLE + "options.ciphers",
            "server.ssl.ciphers");

    private final Environment environment;

    WeakTlsCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public List<HardeningResult> check() {
        List<String> problems = new ArrayList<>();
        if ("false".equalsIgnoreCase(environment.getProperty("server.ssl.enabled"))) {
            problems.add("server.ssl.enabled=false");
        }
        String bundle = environment.getProperty("server.ssl.bundle");
        if (bundle != null && !TlsProperties.BUNDLE.equals(bundle)) {
            problems.add("server.ssl.bundle=" + bundle);
        }
        String managementPort = environment.getProperty("management.server.port");
        if (managementPort != null && !managementPort.equals(environment.getProperty("server.port"))
                && !"true".equalsIgnoreCase(environment.getProperty("management.server.ssl.enabled"))) {
            problems.add("management.server.port=" + managementPort + " without TLS");
        }
        for (String setting : PROTOCOL_SETTINGS) {
            for (String value : values(setting)) {
                if (!TlsProperties.ALLOWED_PROTOCOLS.contains(value)) {
                    problems.add(setting + " contains " + value);
                }
            }
        }
        for (String setting : CIPHER_SETTINGS) {
            for (String value : values(setting)) {
                if (!TlsProperties.ALLOWED_CIPHERS.contains(value)) {
                    problems.add(setting + " contains " + value);
                }
            }
        }
        if (problems.isEmpty()) {
            return List.of(HardeningResult.pass(ID, 9,
                    "TLS 1.2 and 1.3 only, ECDHE with AEAD cipher suites, no plain-HTTP listener.",
                    "Solo TLS 1.2 e 1.3, suite ECDHE con cifrari AEAD, nessun listener HTTP in chiaro."));
        }
        String list = String.join("; ", problems);
        return List.of(HardeningResult.fail(ID, 9,
                "TLS settings weaker than Custodia's defaults: " + list + ". Remove them: only TLS 1.2/1.3 with "
                        + "ECDHE and AES-GCM or ChaCha20-Poly1305 suites are allowed, over HTTPS only.",
                "Impostazioni TLS più deboli di quelle predefinite di Custodia: " + list + ". Rimuoverle: sono "
                        + "ammessi solo TLS 1.2/1.3 con suite ECDHE e AES-GCM o ChaCha20-Poly1305, solo via HTTPS."));
    }

    private List<String> values(String setting) {
        List<String> raw = Binder.get(environment).bind(setting, Bindable.listOf(String.class)).orElse(List.of());
        return raw.stream().map(v -> v.trim()).filter(v -> !v.isEmpty())
                .map(v -> v.toUpperCase(Locale.ROOT).startsWith("TLSV") ? "TLSv" + v.substring(4) : v).toList();
    }
}
