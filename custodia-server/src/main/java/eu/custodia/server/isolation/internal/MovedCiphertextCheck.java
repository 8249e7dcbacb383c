package eu.custodia.server.isolation.internal;

import com.google.crypto.tink.Aead;
import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.records.RecordLayout;
import eu.custodia.server.vault.TenantKeysets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code moved-ciphertext}: A's stored ciphertext, opened with A's own records AEAD as if it had been moved to
 * another record id, another version, or the same place in tenant B, must not open (its associated data binds
 * tenant, collection, id and version). Positive control: it opens where it is.
 */
@Component
@Order(3)
final class MovedCiphertextCheck implements IsolationCheck {

    static final String ID = "moved-ciphertext";

    private final TenantKeysets keysets;

    MovedCiphertextCheck(TenantKeysets keysets) {
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
        String collection = ProbeContext.COLLECTION;
        String id = ProbeContext.RECORD;
        long version = sealed.version();
        Aead aead;
        try {
            aead = keysets.recordsAead(c.a());
            aead.decrypt(sealed.ciphertext(), RecordLayout.documentAad(c.a(), collection, id, version));
        } catch (GeneralSecurityException | RuntimeException e) {
            return CheckResult.failed(ID, "positive control: tenant A's canary record did not open where it is ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, byte[]> moves = new LinkedHashMap<>();
        moves.put("another id", RecordLayout.documentAad(c.a(), collection, id + "-moved", version));
        moves.put("another version", RecordLayout.documentAad(c.a(), collection, id, version + 1));
        moves.put("another tenant", RecordLayout.documentAad(c.b(), collection, id, version));
        List<String> opened = new ArrayList<>();
        for (var move : moves.entrySet()) {
            try {
                aead.decrypt(sealed.ciphertext(), move.getValue());
                opened.add(move.getKey());
            } catch (GeneralSecurityException e) {
                // refused, as it must be
            }
        }
        if (!opened.isEmpty()) {
            return CheckResult.failed(ID, "tenant A's canary ciphertext opened when moved to " + String.join(", ",
                    opened));
        }
        return CheckResult.passed(ID, "tenant A's canary ciphertext did not open when moved to another id, another"
                + " version or another tenant; it opened in place");
    }
}
