package eu.custodia.server.tenancy.internal.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.CustodiaApplication;
import eu.custodia.server.platform.TenantId;
import java.nio.file.Path;
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

/**
 * {@code ./custodia tenant …} started as the launcher starts it (no web server, profile {@code tenant}, the
 * arguments after {@code tenant}): the arguments reach the command and its exit code is the application's.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantCommandLineTest {

    @TempDir
    Path dir;

    private static int tenant(List<String> args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustodiaApplication.class)
                .web(WebApplicationType.NONE).profiles("tenant").run(args.toArray(String[]::new));
        assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
        return SpringApplication.exit(context);
    }

    @Test
    void tenantWhenUnknownTenantThenExitOneAndRefusalInBothLanguagesAndNothingWritten(CapturedOutput output) {
        String unknown = TenantId.random().value();
        int code = tenant(List.of("render-k8s", unknown, "--out=" + dir.resolve("out"),
                "--custodia.data-dir=" + dir.resolve("data")));
        assertThat(code).isEqualTo(1);
        assertThat(output.getErr()).contains("no tenant " + unknown, "nessun tenant " + unknown);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void tenantWhenNoSubcommandThenUsageAndExitTwo(CapturedOutput output) {
        assertThat(tenant(List.of("--custodia.data-dir=" + dir.resolve("data")))).isEqualTo(2);
        assertThat(output.getErr()).contains("Usage: ./custodia tenant render-k8s", "Uso: ./custodia tenant");
    }
}
