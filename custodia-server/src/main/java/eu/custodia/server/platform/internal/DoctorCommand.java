package eu.custodia.server.platform.internal;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningReport;
import java.io.PrintStream;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code ./custodia doctor}: runs every hardening check as production mode would, prints the report to
 * standard output (English and Italian; {@code --lang=en|it} or {@code CUSTODIA_LANG} for one language) and
 * sets the exit code: 0 when every check passes, 1 otherwise. Runs without a web server.
 */
@Component
@Profile(DoctorCommand.PROFILE)
final class DoctorCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String PROFILE = "doctor";
    private final ObjectProvider<HardeningCheck> checks;
    private final Environment environment;
    private volatile int exitCode = 1;

    DoctorCommand(ObjectProvider<HardeningCheck> checks, Environment environment) {
        this.checks = checks;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        run(System.out);
    }

    void run(PrintStream out) {
        HardeningReport report = HardeningReport.of(checks.orderedStream().toList());
        String lang = environment.getProperty("lang", environment.getProperty("custodia.lang", ""))
                .trim().toLowerCase(Locale.ROOT);
        out.print(report.render(lang.startsWith("it") ? "it" : lang.startsWith("en") ? "en" : null));
        out.flush();
        exitCode = report.passed() ? 0 : 1;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
