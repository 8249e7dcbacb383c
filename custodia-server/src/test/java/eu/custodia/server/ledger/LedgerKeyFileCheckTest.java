package eu.custodia.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.platform.HardeningCheck;
import eu.custodia.server.platform.HardeningReport;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.testing.CustodiaTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The ledger signing key in a plain file is reported, and only an explicit acknowledgement accepts it. */
@CustodiaTest
class LedgerKeyFileCheckTest {

    @Autowired
    List<HardeningCheck> checks;

    @Test
    void checkWhenSigningKeyInPlainFileAndNotAcknowledgedThenFailsNamingTheFileInBothLanguages() {
        HardeningResult ledger = HardeningReport.of(checks).results().stream()
                .filter(r -> r.id().equals("ledger-signing-key")).findFirst().orElseThrow();
        assertThat(ledger.passed()).isFalse();
        assertThat(ledger.commitment()).isEqualTo(3);
        assertThat(ledger.reasonEn()).contains("ledger-signing.key").contains(HardeningCheck.ACKNOWLEDGE_PLAIN_KEY_FILES);
        assertThat(ledger.reasonIt()).contains("ledger-signing.key").contains("chiave di firma");
    }
}
