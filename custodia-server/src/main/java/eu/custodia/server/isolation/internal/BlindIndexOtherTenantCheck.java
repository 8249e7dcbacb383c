package eu.custodia.server.isolation.internal;

import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.RecordLayout;
import eu.custodia.server.vault.TenantKeysets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code blind-index-other-tenant}: the blind-index tokens of A's canary value under B's PRF keys must differ
 * from A's and find nothing among A's index entries, so a token learnt in one tenant is useless in another.
 * Positive control: A's own tokens find A's canary record. Every key of each PRF set counts, so a rotation
 * neither breaks the control nor hides an older shared key.
 */
@Component
@Order(4)
final class BlindIndexOtherTenantCheck implements IsolationCheck {

    static final String ID = "blind-index-other-tenant";
    private static final int TOKEN_BYTES = 32;

    private final TenantKeysets keysets;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantRowScope scope;
    private final JsonMapper json;

    BlindIndexOtherTenantCheck(TenantKeysets keysets, JdbcClient jdbc, TransactionTemplate tx, TenantRowScope scope,
            JsonMapper json) {
        this.keysets = keysets;
        this.jdbc = jdbc;
        this.tx = tx;
        this.scope = scope;
        this.json = json;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CheckResult run(ProbeContext c) {
        if (c.sealedA() == null) {
            return CheckResult.failed(ID, "tenant A's canary record is not in the store");
        }
        List<byte[]> tokensA;
        List<byte[]> tokensB;
        try {
            String value = canaryValue(c);
            byte[] input = RecordLayout.indexInput(ProbeContext.COLLECTION, ProbeContext.FIELD, value);
            tokensA = tokens(keysets.blindIndexPrf(c.a()), input);
            tokensB = tokens(keysets.blindIndexPrf(c.b()), input);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CheckResult.failed(ID, "the tokens of tenant A's canary value could not be computed ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (matches(c.a(), tokensA) == 0) {
            return CheckResult.failed(ID, "positive control: tenant A's own tokens did not find its canary record");
        }
        for (byte[] b : tokensB) {
            if (tokensA.stream().anyMatch(a -> Arrays.equals(a, b))) {
                return CheckResult.failed(ID, "a PRF key of tenant B gives the same token as one of tenant A's for"
                        + " the canary value");
            }
        }
        long foundB = matches(c.a(), tokensB);
        if (foundB > 0) {
            return CheckResult.failed(ID, "tenant B's tokens found " + foundB + " index entries of tenant A");
        }
        return CheckResult.passed(ID, "tenant B's tokens for tenant A's canary value differ from tenant A's and find"
                + " nothing in tenant A; tenant A's find its record");
    }

    private String canaryValue(ProbeContext c) throws GeneralSecurityException {
        byte[] document = keysets.recordsAead(c.a()).decrypt(c.sealedA().ciphertext(), RecordLayout.documentAad(c.a(),
                ProbeContext.COLLECTION, ProbeContext.RECORD, c.sealedA().version()));
        JsonNode value = json.readTree(document).get(ProbeContext.FIELD);
        if (value == null || !value.isString()) {
            throw new IllegalStateException("the canary record holds no canary value");
        }
        return value.stringValue();
    }

    /** The token under every key of the PRF set (a rotated tenant's record may be indexed under an older key). */
    private static List<byte[]> tokens(PrfSet prf, byte[] input) throws GeneralSecurityException {
        List<byte[]> tokens = new ArrayList<>();
        for (Prf key : prf.getPrfs().values()) {
            tokens.add(key.compute(input, TOKEN_BYTES));
        }
        return tokens;
    }

    private long matches(TenantId tenant, List<byte[]> tokens) {
        Long count = scope.inTransaction(tx, tenant, status -> {
            List<Object> params = new ArrayList<>(List.of(tenant.value(), ProbeContext.COLLECTION, ProbeContext.FIELD));
            params.addAll(tokens);
            return jdbc.sql("SELECT COUNT(*) FROM record_index WHERE tenant_id = ? AND collection = ? AND field = ?"
                    + " AND token IN (" + String.join(", ", java.util.Collections.nCopies(tokens.size(), "?")) + ")")
                    .params(params).query(Long.class).single();
        });
        return count == null ? 0 : count;
    }
}
