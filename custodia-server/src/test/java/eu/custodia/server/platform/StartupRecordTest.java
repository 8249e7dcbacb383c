package eu.custodia.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.testing.CustodiaTest;
import eu.custodia.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every start records its configuration (names and ids only) in the platform log. */
@CustodiaTest
class StartupRecordTest {

    @Autowired
    RecordingLedger ledger;

    @Test
    void startWhenDevModeThenPlatformLogRecordsModeStoreAndFailingChecksWithoutValues() {
        LedgerEvent started = ledger.events().stream().filter(e -> e.action().equals("platform.started"))
                .findFirst().orElseThrow();
        assertThat(started.tenant()).isNull();
        assertThat(started.actor()).isEqualTo(LedgerEvent.Actor.SYSTEM);
        assertThat(started.reason()).contains("mode=dev", "nodes=1", "tls=generated", "tls-self-signed")
                .contains(TestDatabase.postgres() ? "store=postgresql" : "store=sqlite")
                .doesNotContain("/", "password", "BEGIN");
    }
}
