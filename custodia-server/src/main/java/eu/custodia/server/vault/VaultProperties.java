package eu.custodia.server.vault;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The vault's settings ({@code custodia.vault.*}).
 *
 * @param kms the KMS adapter holding the tenants' key-encryption keys: {@code local-file} (the default, one
 *     key file per tenant and version under {@code <data-dir>/vault/kek/}), {@code pkcs11} (an HSM,
 *     {@code custodia.vault.pkcs11.*}), {@code aws-kms} or {@code gcp-kms} (one cloud KMS key per tenant,
 *     {@code custodia.vault.aws.*} or {@code custodia.vault.gcp.*})
 * @param cacheTtl how long a tenant's unwrapped keysets stay in memory (5 minutes)
 * @param cacheSize how many tenants' unwrapped keysets are kept in memory at most (10,000)
 */
@ConfigurationProperties("custodia.vault")
public record VaultProperties(@DefaultValue("local-file") String kms, @DefaultValue("5m") Duration cacheTtl,
        @DefaultValue("10000") int cacheSize) {

    /** The values {@code custodia.vault.kms} may take. */
    public static final List<String> KMS_ADAPTERS = List.of("local-file", "pkcs11", "aws-kms", "gcp-kms");

    public VaultProperties {
        if (!KMS_ADAPTERS.contains(kms)) {
            throw new IllegalArgumentException("custodia.vault.kms must be one of " + String.join(", ", KMS_ADAPTERS)
                    + ", not '" + kms + "'");
        }
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("custodia.vault.cache-ttl must not be negative");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("custodia.vault.cache-size must not be negative");
        }
    }
}
