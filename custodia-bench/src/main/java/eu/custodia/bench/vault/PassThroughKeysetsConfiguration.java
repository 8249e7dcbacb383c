package eu.custodia.bench.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.prf.PrfSet;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.TenantKeysets;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The baseline of the {@code document_write_read} figure, for benchmarks only: a primary {@link TenantKeysets}
 * whose {@link TenantKeysets#recordsAead} is a {@link PassThroughAead} (no encryption), after the same lookup of
 * the tenant's keysets as the real one does (so the keyset cache, and provisioning on first use, stay on the
 * path). Every other method delegates to the application's own {@code TenantKeysets}, so a document write and
 * read run exactly as with encryption, minus AES-GCM.
 */
@Configuration(proxyBeanMethods = false)
public class PassThroughKeysetsConfiguration {

    /** The key id the pass-through ciphertexts name. */
    static final int KEY_ID = 0x0BE7C4;

    @Bean
    @Primary
    TenantKeysets passThroughKeysets(@Qualifier("jdbcTenantKeysets") TenantKeysets real) {
        Aead passThrough = new PassThroughAead(KEY_ID);
        return new TenantKeysets() {
            @Override
            public Aead recordsAead(TenantId tenant) {
                real.recordsAead(tenant);
                return passThrough;
            }

            @Override
            public PrfSet blindIndexPrf(TenantId tenant) {
                return real.blindIndexPrf(tenant);
            }

            @Override
            public StreamingAead streamingAead(TenantId tenant) {
                return real.streamingAead(tenant);
            }

            @Override
            public void provision(Caller actor, TenantId tenant) {
                real.provision(actor, tenant);
            }

            @Override
            public void rotate(Caller actor, TenantId tenant) {
                real.rotate(actor, tenant);
            }

            @Override
            public void rewrap(Caller actor, TenantId tenant) {
                real.rewrap(actor, tenant);
            }

            @Override
            public int kekVersion(TenantId tenant) {
                return real.kekVersion(tenant);
            }

            @Override
            public boolean cryptoShred(Caller actor, TenantId tenant) {
                return real.cryptoShred(actor, tenant);
            }

            @Override
            public void requireNotShredded(TenantId tenant) {
                real.requireNotShredded(tenant);
            }
        };
    }
}
