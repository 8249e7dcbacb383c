package eu.custodia.server;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The modules (platform, tenancy, ledger, identity, access) depend on each other only through their APIs. */
class ModularityTest {

    @Test
    void modulesWhenVerifiedThenNoCyclesAndNoInternalAccess() {
        ApplicationModules.of(CustodiaApplication.class).verify();
    }
}
