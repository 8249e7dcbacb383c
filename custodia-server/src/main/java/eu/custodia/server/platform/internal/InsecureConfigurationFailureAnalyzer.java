package eu.custodia.server.platform.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused production start as Spring Boot's failure report: every reason, then what to do. */
final class InsecureConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InsecureConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InsecureConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix each setting above, or run ./custodia doctor to see every check. / Correggere ogni "
                        + "impostazione sopra, oppure eseguire ./custodia doctor per vedere tutti i controlli.",
                cause);
    }
}
