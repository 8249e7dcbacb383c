package eu.custodia.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.CustodiaApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code ./custodia doctor}: the same checks as production mode, as a report and an exit code, no server. */
@ExtendWith(OutputCaptureExtension.class)
class DoctorTest {

    @TempDir
    Path dir;

    private static int doctor(List<String> args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustodiaApplication.class)
                .web(WebApplicationType.NONE).profiles("doctor").run(args.toArray(String[]::new));
        assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
        return SpringApplication.exit(context);
    }

    @Test
    void doctorWhenInsecureThenEveryFailureReportedInBothLanguagesAndExitOne(CapturedOutput output) {
        int code = doctor(List.of("--custodia.mode=production", "--custodia.data-dir=" + dir, "--custodia.nodes=2",
                "--management.endpoints.web.exposure.include=*"));
        assertThat(code).isEqualTo(1);
        assertThat(output.getOut()).contains("Custodia hardening report", "Rapporto di sicurezza di Custodia",
                "FAIL/NO  tls-self-signed  [commitment 9 / impegno 9]",
                "FAIL/NO  sqlite-multi-node  [commitment 2 / impegno 2]",
                "FAIL/NO  exposed-endpoints  [commitment 2 / impegno 2]",
                "FAIL/NO  plain-key-files  [commitment 9 / impegno 9]",
                "FAIL/NO  ticket-webhooks  [commitment 5 / impegno 5]", "PASS/OK  demo-data", "EN: custodia.nodes=2 on embedded SQLite", "IT: custodia.nodes=2 con SQLite");
        // no web server, so no certificate was generated either
        assertThat(Files.exists(dir.resolve("tls"))).isFalse();
    }

    @Test
    void doctorWhenSecureThenAllPassAndExitZero(CapturedOutput output) throws Exception {
        TestCertificates.Files3 certs = TestCertificates.caIssued(dir.resolve("pki"), "EC");
        List<String> args = new ArrayList<>(List.of("--custodia.data-dir=" + dir.resolve("data"),
                "--custodia.tls.certificate=" + certs.certificate(), "--custodia.tls.private-key=" + certs.privateKey(),
                "--custodia.acknowledge-plain-key-files=true", "--lang=en",
                "--custodia.elevation.ticket-systems.default.webhook-secret=" + ProductionModeTest.WEBHOOK_SECRET));
        assertThat(doctor(args)).isZero();
        assertThat(output.getOut()).contains("checks pass.").doesNotContain("FAIL").doesNotContain("impegno");
    }

    @Test
    void doctorWhenLangItalianThenItalianOnly(CapturedOutput output) {
        int code = doctor(List.of("--custodia.data-dir=" + dir, "--lang=it"));
        assertThat(code).isEqualTo(1);
        assertThat(output.getOut()).contains("Rapporto di sicurezza di Custodia", "NO       tls-self-signed  [impegno 9]",
                "Nessun certificato TLS è configurato").doesNotContain("commitment").doesNotContain("No TLS certificate");
    }
}
