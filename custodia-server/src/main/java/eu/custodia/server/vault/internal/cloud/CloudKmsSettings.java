package eu.custodia.server.vault.internal.cloud;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * A cloud KMS's settings, {@code custodia.vault.aws.*} or {@code custodia.vault.gcp.*}.
 *
 * @param keyUriTemplate the tenants' key URI with {@code {tenant}} once (required; checked by
 *     {@link CloudKmsKeyEncryptionKeys#checkTemplate})
 * @param credentialsPath a credentials file, or empty for the cloud SDK's default chain (AWS: environment,
 *     profile, container or instance role; Google Cloud: {@code GOOGLE_APPLICATION_CREDENTIALS}, workload
 *     identity, metadata server). AWS: a properties file with {@code accessKey} and {@code secretKey}; Google
 *     Cloud: a service account's JSON key
 */
record CloudKmsSettings(String keyUriTemplate, String credentialsPath) {

    CloudKmsSettings {
        keyUriTemplate = keyUriTemplate == null ? "" : keyUriTemplate.strip();
        credentialsPath = credentialsPath == null ? "" : credentialsPath.strip();
    }

    /** Binds {@code custodia.vault.<cloud>.*}, {@code cloud} being {@code aws} or {@code gcp}. */
    static CloudKmsSettings bind(Environment environment, String cloud) {
        return Binder.get(environment).bindOrCreate(prefix(cloud), Bindable.of(CloudKmsSettings.class));
    }

    /** {@code custodia.vault.aws} or {@code custodia.vault.gcp}. */
    static String prefix(String cloud) {
        return "custodia.vault." + cloud;
    }

    /** Whether a credentials file is configured (otherwise the SDK's default chain is used). */
    boolean hasCredentialsFile() {
        return !credentialsPath.isEmpty();
    }
}
