package eu.custodia.server.isolation.internal;

import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.records.RecordLayout;
import eu.custodia.server.vault.TenantKeysets;
import java.security.GeneralSecurityException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code decrypt-other-keyset}: A's stored ciphertext, opened with B's records AEAD under A's own associated
 * data, must not open. Positive control: A's AEAD opens it.
 */
@Component
@Order(2)
final class DecryptOtherKeysetCheck implements IsolationCheck {

    static final String ID = "decrypt-other-keyset";

    private final TenantKeysets keysets;

    DecryptOtherKeysetCheck(TenantKeysets keysets) {
        this.keysets = keysets;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(ProbeContext c) {
        ProbeContext.SealedCanary sealed = c.sealedA();
        if (sealed == null) {
            return CheckResult.failed(ID, "tenant A's canary record is not in the store");
        }
        byte[] aad = RecordLayout.documentAad(c.a(), ProbeContext.COLLECTION, ProbeContext.RECORD, sealed.version());
        try {
            keysets.recordsAead(c.a()).decrypt(sealed.ciphertext(), aad);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CheckResult.failed(ID, "positive control: tenant A's keyset did not open its own canary record ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            keysets.recordsAead(c.b()).decrypt(sealed.ciphertext(), aad);
            return CheckResult.failed(ID, "tenant B's records keyset opened tenant A's canary record");
        } catch (GeneralSecurityException e) {
            return CheckResult.passed(ID, "tenant B's records keyset did not open tenant A's canary record;"
                    + " tenant A's did");
        } catch (RuntimeException e) {
            return CheckResult.failed(ID, "tenant B's keyset could not be used (" + Failures.describe(e) + ")");
        }
    }
}
