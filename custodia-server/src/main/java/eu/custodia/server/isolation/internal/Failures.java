package eu.custodia.server.isolation.internal;

import eu.custodia.server.platform.ProblemException;

/** How a check names an exception in a reason: a problem's type, else the exception's class; never its message. */
final class Failures {

    private Failures() {
    }

    static String describe(RuntimeException e) {
        if (e instanceof ProblemException problem) {
            return problem.type().slug();
        }
        return e.getClass().getSimpleName();
    }
}
