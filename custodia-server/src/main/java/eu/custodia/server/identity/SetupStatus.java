package eu.custodia.server.identity;

/**
 * Whether Custodia still waits for its first administrator. Until then every request but the health
 * check and {@code POST /api/v1/setup} is refused with a {@code setup-required} problem.
 */
public interface SetupStatus {

    /** The path of the setup endpoint. */
    String SETUP_PATH = "/api/v1/setup";

    /** True while no live platform administrator exists. */
    boolean required();
}
