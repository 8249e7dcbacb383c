package eu.custodia.server.platform;

import java.util.Optional;

/**
 * Small named facts about this deployment kept in the store (for example that it holds demo data). Never
 * secrets, never tenant data.
 */
public interface PlatformSettings {

    /** The name of the setting that marks a store seeded by {@code ./custodia demo}. */
    String DEMO_DATA = "demo-data";

    Optional<String> get(String name);

    /** Sets {@code name} to {@code value}, replacing any earlier value. */
    void put(String name, String value);
}
