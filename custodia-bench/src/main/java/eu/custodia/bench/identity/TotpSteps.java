package eu.custodia.bench.identity;

import java.util.OptionalLong;

/**
 * Which TOTP time step a benchmark sign-in presents a code for. The server accepts a code for a step within
 * {@code window} steps of the current one, and only if that step is later than the account's last consumed
 * step. So an account can sign in up to {@code window + 1} times within one step (with the shipped window of
 * 1: at the current step, then at the next, whose code is what a client clock running ahead would show), and
 * once it has used the step ahead, once per step after that. The benchmark rotates through many accounts and,
 * for each, presents the current step while it is unused, else the next one; when every account is used up
 * it waits (untimed) for the next step.
 */
final class TotpSteps {

    private TotpSteps() {
    }

    /**
     * Returns the step to present, the earliest acceptable one: the current step, or the one after the last
     * consumed step if that is later, as long as it is within {@code window} steps ahead; empty when the
     * account has used every step it may now.
     *
     * @param current the current time step
     * @param lastConsumed the account's last consumed step
     * @param window how many steps either side the server accepts
     */
    static OptionalLong next(long current, long lastConsumed, int window) {
        if (window < 0) {
            throw new IllegalArgumentException("window must not be negative, got " + window);
        }
        long step = Math.max(current, lastConsumed + 1);
        return step <= current + window ? OptionalLong.of(step) : OptionalLong.empty();
    }

}
