package eu.custodia.server.records.internal;

import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.records.Precondition;
import java.util.Map;
import java.util.Optional;

/** Checks a write's {@link Precondition} against the current version (RFC 9110 §13.2: 412, and 428 of RFC 6585). */
final class Preconditions {

    private Preconditions() {
    }

    /**
     * @param current the resource's current version, empty when it does not exist
     * @param creates whether the write may create the resource (a delete may not)
     * @param what {@code record} or {@code blob}, for the messages
     */
    static void check(Precondition precondition, Optional<Long> current, boolean creates, String what) {
        String it = what.equals("record") ? "Il record" : "Il blob";
        switch (precondition.kind()) {
            case NONE -> {
                if (current.isPresent() || !creates) {
                    throw BilingualProblem.of(ProblemType.PRECONDITION_REQUIRED, "Send If-Match with the ETag "
                            + "you read (or If-Match: *) to change an existing " + what + "; send If-None-Match: * to "
                            + "create one only if it does not exist.", "Inviare If-Match con l'ETag letto (o "
                            + "If-Match: *) per modificare un " + what + " esistente; If-None-Match: * per crearlo "
                            + "solo se non esiste.");
                }
            }
            case MUST_NOT_EXIST -> {
                if (current.isPresent()) {
                    throw BilingualProblem.of(ProblemType.PRECONDITION_FAILED, "The " + what + " already exists "
                            + "(If-None-Match: *).", it + " esiste già (If-None-Match: *).");
                }
            }
            case ANY_VERSION -> {
                if (current.isEmpty()) {
                    throw BilingualProblem.of(ProblemType.PRECONDITION_FAILED, "The " + what + " does not exist "
                            + "(If-Match: *).", it + " non esiste (If-Match: *).");
                }
            }
            case VERSIONS -> {
                if (current.isEmpty() || !precondition.versions().contains(current.get())) {
                    String shown = current.map(v -> "\"" + v + "\"").orElse(null);
                    throw BilingualProblem.of(ProblemType.PRECONDITION_FAILED, "The " + what + " is at version "
                            + (shown == null ? "(none: it does not exist)" : shown) + ", not the one in If-Match. "
                            + "Read it again, apply your change, and retry with its ETag.", it + " è alla versione "
                            + (shown == null ? "(nessuna: non esiste)" : shown) + ", non a quella di If-Match. "
                            + "Rileggerlo, riapplicare la modifica e riprovare con il suo ETag.",
                            Map.of("currentVersion", current.orElse(0L)));
                }
            }
            default -> throw new IllegalStateException("unknown precondition " + precondition.kind());
        }
    }
}
