package eu.custodia.server.vault.internal.cloud;

import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.integration.awskms.AwsKmsClient;
import com.google.crypto.tink.integration.gcpkms.GcpKmsClient;
import eu.custodia.server.vault.KeyEncryptionKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The cloud KMSs, created only when {@code custodia.vault.kms} names one: {@code aws-kms} (settings
 * {@code custodia.vault.aws.key-uri-template}, {@code .credentials-path}) or {@code gcp-kms}
 * ({@code custodia.vault.gcp.*}, the same two). A missing or unusable template, or an unreadable credentials
 * file, stops the start with a message naming the setting; the cloud itself is first asked when a tenant's
 * key is used.
 */
final class CloudKmsConfiguration {

    /** {@code custodia.vault.kms} value of AWS KMS. */
    static final String AWS = "aws-kms";
    /** {@code custodia.vault.kms} value of Google Cloud KMS. */
    static final String GCP = "gcp-kms";

    private CloudKmsConfiguration() {
    }

    /** AWS KMS through Tink's {@link AwsKmsClient} (AWS SDK for Java 1.x). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "custodia.vault.kms", havingValue = AWS)
    static class Aws {

        @Bean
        KeyEncryptionKeys awsKmsKeyEncryptionKeys(Environment environment) {
            CloudKmsSettings settings = CloudKmsSettings.bind(environment, "aws");
            CloudKmsKeyEncryptionKeys.checkTemplate(AWS, settings.keyUriTemplate());
            return new CloudKmsKeyEncryptionKeys(AWS, settings.keyUriTemplate(),
                    withCredentials(new AwsKmsClient(), settings, "aws"));
        }
    }

    /** Google Cloud KMS through Tink's {@link GcpKmsClient} (the Cloud KMS REST API). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "custodia.vault.kms", havingValue = GCP)
    static class Gcp {

        @Bean
        KeyEncryptionKeys gcpKmsKeyEncryptionKeys(Environment environment) {
            CloudKmsSettings settings = CloudKmsSettings.bind(environment, "gcp");
            CloudKmsKeyEncryptionKeys.checkTemplate(GCP, settings.keyUriTemplate());
            return new CloudKmsKeyEncryptionKeys(GCP, settings.keyUriTemplate(),
                    withCredentials(new GcpKmsClient(), settings, "gcp"));
        }
    }

    /** The client with the configured credentials file, or with the SDK's default credential chain. */
    static KmsClient withCredentials(KmsClient client, CloudKmsSettings settings, String cloud) {
        String setting = CloudKmsSettings.prefix(cloud) + ".credentials-path";
        try {
            if (!settings.hasCredentialsFile()) {
                return client.withDefaultCredentials();
            }
            if (!Files.isReadable(Path.of(settings.credentialsPath()))) {
                throw new IllegalStateException(setting + " " + settings.credentialsPath() + " is not a readable file");
            }
            return client.withCredentials(settings.credentialsPath());
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot load the " + cloud + " KMS credentials"
                    + (settings.hasCredentialsFile() ? " from " + setting + " " + settings.credentialsPath()
                            : " from the SDK's default chain")
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
