package eu.custodia.server.isolation.internal;

import com.google.crypto.tink.prf.PrfSet;
import eu.custodia.server.isolation.CheckResult;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.platform.TenantRowScope;
import eu.custodia.server.records.RecordLayout;
import eu.custodia.server.vault.TenantKeysets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code blind-index-other-tenant}: the blind-index token of A's canary value under B's PRF key must differ
 * from A's and find nothing among A's index entries, so a token learnt in one tenant is useless in another.
 * Positive control: A's own token finds A's canary record.
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
        byte[] tokenA;
        byte[] tokenB;
        try {
            String value = canaryValue(c);
            byte[] input = RecordLayout.indexInput(ProbeContext.COLLECTION, ProbeContext.FIELD, value);
            tokenA = token(keysets.blindIndexPrf(c.a()), input);
            tokenB = token(keysets.blindIndexPrf(c.b()), input);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CheckResult.failed(ID, "the tokens of tenant A's canary value could not be computed ("
                    + e.getClass().getSimpleName() + ")");
        }
        long foundA = matches(c.a(), tokenA);
        if (foundA == 0) {
            return CheckResult.failed(ID, "positive control: tenant A's own token did not find its canary record");
        }
        if (Arrays.equals(tokenA, tokenB)) {
            return CheckResult.failed(ID, "tenant B's PRF key gives the same token as tenant A's for the canary value");
        }
        long foundB = matches(c.a(), tokenB);
        if (foundB > 0) {
            return CheckResult.failed(ID, "tenant B's token found " + foundB + " index entries of tenant A");
        }
        return CheckResult.passed(ID, "tenant B's token for tenant A's canary value differs from tenant A's and finds"
                + " nothing in tenant A; tenant A's finds its record");
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

    private static byte[] token(PrfSet prf, byte[] input) throws GeneralSecurityException {
        return prf.computePrimary(input, TOKEN_BYTES);
    }

    private long matches(TenantId tenant, byte[] token) {
        Long count = tx.execute(status -> {
            scope.enter(tenant);
            return jdbc.sql("SELECT COUNT(*) FROM record_index WHERE tenant_id = ? AND collection = ? AND field = ?"
                    + " AND token = ?").params(tenant.value(), ProbeContext.COLLECTION, ProbeContext.FIELD, token)
                    .query(Long.class).single();
        });
        return count == null ? 0 : count;
    }
}
