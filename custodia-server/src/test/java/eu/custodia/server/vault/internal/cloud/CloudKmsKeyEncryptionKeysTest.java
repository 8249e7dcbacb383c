package eu.custodia.server.vault.internal.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.kms.AWSKMS;
import com.amazonaws.services.kms.AWSKMSClientBuilder;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudkms.v1.CloudKMS;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.integration.awskms.AwsKmsAead;
import com.google.crypto.tink.integration.gcpkms.GcpKmsAead;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import eu.custodia.server.platform.HardeningResult;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import eu.custodia.server.vault.VaultProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * The cloud KMS adapters without a cloud: key URI templates, wrapping and unwrapping through a test
 * {@link KmsClient} (one Tink AES-256-GCM keyset per key URI, rotated the way a cloud KMS rotates its key),
 * the real Tink AWS and Google Cloud AEADs pointed at a closed local port (unreachable KMS), the Spring wiring
 * and its settings, and the credentials hardening check. No real cloud is reached.
 */
class CloudKmsKeyEncryptionKeysTest {

    private static final String AWS_TEMPLATE = "aws-kms://arn:aws:kms:eu-central-1:111122223333:alias/custodia-{tenant}";
    private static final String GCP_TEMPLATE =
            "gcp-kms://projects/p/locations/europe-west3/keyRings/custodia/cryptoKeys/tenant-{tenant}";

    @BeforeAll
    static void registerTink() throws GeneralSecurityException {
        AeadConfig.register();
        PrfConfig.register();
    }

    @Test
    void templateTakesTheTenantIdInPlaceOfThePlaceholder() {
        TenantId tenant = TenantId.random();
        CloudKmsKeyEncryptionKeys aws = new CloudKmsKeyEncryptionKeys("aws-kms", AWS_TEMPLATE,
                new TestKmsClient("aws-kms://"));
        CloudKmsKeyEncryptionKeys gcp = new CloudKmsKeyEncryptionKeys("gcp-kms", GCP_TEMPLATE,
                new TestKmsClient("gcp-kms://"));

        assertThat(aws.keyUri(tenant)).isEqualTo(
                "aws-kms://arn:aws:kms:eu-central-1:111122223333:alias/custodia-" + tenant.value());
        assertThat(gcp.keyUri(tenant)).isEqualTo(
                "gcp-kms://projects/p/locations/europe-west3/keyRings/custodia/cryptoKeys/tenant-" + tenant.value());
        assertThat(aws.name()).isEqualTo("aws-kms");
        assertThat(gcp.name()).isEqualTo("gcp-kms");
    }

    @Test
    void unusableTemplatesAreRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> CloudKmsKeyEncryptionKeys.checkTemplate("aws-kms", ""))
                .hasMessageContaining("custodia.vault.aws.key-uri-template").hasMessageContaining("{tenant}");
        assertThatThrownBy(() -> CloudKmsKeyEncryptionKeys.checkTemplate("aws-kms",
                "aws-kms://arn:aws:kms:eu-central-1:111122223333:alias/custodia"))
                .hasMessageContaining("custodia.vault.aws.key-uri-template must hold {tenant} exactly once")
                .hasMessageContaining("one KMS key per tenant");
        assertThatThrownBy(() -> CloudKmsKeyEncryptionKeys.checkTemplate("gcp-kms",
                "gcp-kms://projects/p/locations/l/keyRings/{tenant}/cryptoKeys/{tenant}"))
                .hasMessageContaining("custodia.vault.gcp.key-uri-template must hold {tenant} exactly once");
        assertThatThrownBy(() -> CloudKmsKeyEncryptionKeys.checkTemplate("gcp-kms", AWS_TEMPLATE))
                .hasMessageContaining("must start with gcp-kms://");
        assertThatThrownBy(() -> CloudKmsKeyEncryptionKeys.checkTemplate("aws-kms",
                "aws-kms://arn:aws:kms:eu-central-1:1:alias/{tenant}-{region}"))
                .hasMessageContaining("may hold only");
        assertThatThrownBy(() -> CloudKmsKeyEncryptionKeys.checkTemplate("aws-kms",
                "aws-kms://arn:aws:kms:eu-central-1:1:alias/x {tenant}?y=1"))
                .hasMessageContaining("may hold only");
        assertThatThrownBy(() -> new CloudKmsKeyEncryptionKeys("aws-kms", AWS_TEMPLATE,
                new TestKmsClient("gcp-kms://")))
                .hasMessageContaining("does not support key URIs like aws-kms://");
    }

    @Test
    void wrapsAndUnwrapsAKeysetBoundToTheTenantAndItsAssociatedData() throws GeneralSecurityException {
        TestKmsClient cloud = new TestKmsClient("gcp-kms://");
        CloudKmsKeyEncryptionKeys kms = new CloudKmsKeyEncryptionKeys("gcp-kms", GCP_TEMPLATE, cloud);
        TenantId tenant = TenantId.random();
        TenantId other = TenantId.random();
        cloud.provision(kms.keyUri(tenant));
        cloud.provision(kms.keyUri(other));

        assertThat(kms.create(tenant)).isEqualTo(1);
        assertThat(kms.create(tenant)).isEqualTo(1);
        assertThat(kms.currentVersion(tenant)).isEqualTo(1);

        KeysetHandle keyset = newKeyset(PredefinedPrfParameters.HMAC_SHA256_PRF);
        byte[] ad = ("custodia/vault/keyset/v1|" + tenant.value() + "|blind-index|kek-v1")
                .getBytes(StandardCharsets.UTF_8);
        byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, kms.kek(tenant, 1), ad,
                RegistryConfiguration.get());
        KeysetHandle back = TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, kms.kek(tenant, 1), ad,
                RegistryConfiguration.get());
        assertThat(back.getPrimary().getId()).isEqualTo(keyset.getPrimary().getId());

        byte[] otherAd = "custodia/vault/keyset/v1|x|blind-index|kek-v1".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, kms.kek(tenant, 1), otherAd,
                RegistryConfiguration.get())).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, kms.kek(other, 1), ad,
                RegistryConfiguration.get())).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> kms.kek(tenant, 2)).isInstanceOf(KmsUnavailableException.class)
                .hasMessageContaining("no key-encryption key version 2");
        assertThatThrownBy(() -> kms.kek(tenant, 0)).isInstanceOf(KmsUnavailableException.class);
    }

    @Test
    void rotationIsTheCloudsAndReWrapReEncryptsUnderItsCurrentVersion() throws GeneralSecurityException {
        TestKmsClient cloud = new TestKmsClient("aws-kms://");
        CloudKmsKeyEncryptionKeys kms = new CloudKmsKeyEncryptionKeys("aws-kms", AWS_TEMPLATE, cloud);
        TenantId tenant = TenantId.random();
        cloud.provision(kms.keyUri(tenant));
        byte[] ad = "ad".getBytes(StandardCharsets.UTF_8);
        byte[] before = kms.kek(tenant, 1).encrypt("keyset".getBytes(StandardCharsets.UTF_8), ad);

        cloud.rotate(kms.keyUri(tenant)); // the cloud's automatic rotation: a new primary key version
        assertThat(kms.rotate(tenant)).isEqualTo(1);
        assertThat(kms.currentVersion(tenant)).isEqualTo(1);
        byte[] after = kms.kek(tenant, 1).encrypt(kms.kek(tenant, 1).decrypt(before, ad), ad);

        assertThat(new String(kms.kek(tenant, 1).decrypt(after, ad), StandardCharsets.UTF_8)).isEqualTo("keyset");
        assertThat(cloud.primaryId(after)).isNotEqualTo(cloud.primaryId(before));
    }

    @Test
    void aMissingOrUnreachableKeyFailsClosed() {
        TestKmsClient cloud = new TestKmsClient("aws-kms://");
        CloudKmsKeyEncryptionKeys kms = new CloudKmsKeyEncryptionKeys("aws-kms", AWS_TEMPLATE, cloud);
        TenantId never = TenantId.random();
        assertThatThrownBy(() -> kms.create(never)).isInstanceOf(KmsUnavailableException.class)
                .hasMessageContaining("KMS aws-kms, tenant " + never).hasMessageContaining(kms.keyUri(never));

        TenantId tenant = TenantId.random();
        cloud.provision(kms.keyUri(tenant));
        Aead kek = kms.kek(tenant, 1);
        cloud.reachable.set(false);
        assertThatThrownBy(() -> kek.encrypt(new byte[16], new byte[0])).isInstanceOf(KmsUnavailableException.class)
                .hasMessageContaining("cannot encrypt");
        assertThatThrownBy(() -> kms.create(tenant)).isInstanceOf(KmsUnavailableException.class);
        cloud.reachable.set(true);
        assertThat(kms.create(tenant)).isEqualTo(1);
    }

    @Test
    void theRealAwsAndGoogleCloudAeadsOnAClosedPortFailClosed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } // closed: nothing listens there any more
        AWSKMS aws = AWSKMSClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration("http://127.0.0.1:" + port, "eu-central-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("AKIDTEST", "secret")))
                .withClientConfiguration(new ClientConfiguration().withMaxErrorRetry(0).withConnectionTimeout(2000))
                .build();
        CloudKMS gcp = new CloudKMS.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), null)
                .setRootUrl("http://127.0.0.1:" + port + "/").setApplicationName("custodia-test").build();
        try {
            CloudKmsKeyEncryptionKeys awsKms = new CloudKmsKeyEncryptionKeys("aws-kms", AWS_TEMPLATE,
                    new FixedKmsClient("aws-kms://", uri -> new AwsKmsAead(aws, uri.substring("aws-kms://".length()))));
            CloudKmsKeyEncryptionKeys gcpKms = new CloudKmsKeyEncryptionKeys("gcp-kms", GCP_TEMPLATE,
                    new FixedKmsClient("gcp-kms://", uri -> new GcpKmsAead(gcp, uri.substring("gcp-kms://".length()))));
            TenantId tenant = TenantId.random();

            assertThatThrownBy(() -> awsKms.create(tenant)).isInstanceOf(KmsUnavailableException.class)
                    .hasMessageContaining("KMS aws-kms, tenant " + tenant);
            assertThatThrownBy(() -> gcpKms.create(tenant)).isInstanceOf(KmsUnavailableException.class)
                    .hasMessageContaining("KMS gcp-kms, tenant " + tenant);
        } finally {
            aws.shutdown();
        }
    }

    @Test
    void destroyingIsRefusedWithTheCloudStepInEnglishAndItalian() {
        CloudKmsKeyEncryptionKeys kms = new CloudKmsKeyEncryptionKeys("gcp-kms", GCP_TEMPLATE,
                new TestKmsClient("gcp-kms://"));
        TenantId tenant = TenantId.random();
        assertThatThrownBy(() -> kms.destroyAllVersions(tenant)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("schedule the deletion of " + kms.keyUri(tenant))
                .hasMessageContaining("crypto-shredding")
                .hasMessageContaining("pianificare l'eliminazione di " + kms.keyUri(tenant));
    }

    @Test
    void settingsBindFromPropertiesAndEnvironmentVariables() {
        CloudKmsSettings aws = CloudKmsSettings.bind(new MockEnvironment()
                .withProperty("custodia.vault.aws.key-uri-template", " " + AWS_TEMPLATE + " ")
                .withProperty("custodia.vault.aws.credentials-path", "/etc/custodia/aws.properties"), "aws");
        assertThat(aws.keyUriTemplate()).isEqualTo(AWS_TEMPLATE);
        assertThat(aws.credentialsPath()).isEqualTo("/etc/custodia/aws.properties");
        assertThat(aws.hasCredentialsFile()).isTrue();

        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("CUSTODIA_VAULT_GCP_KEYURITEMPLATE", GCP_TEMPLATE)));
        CloudKmsSettings gcp = CloudKmsSettings.bind(env, "gcp");
        assertThat(gcp.keyUriTemplate()).isEqualTo(GCP_TEMPLATE);
        assertThat(gcp.hasCredentialsFile()).isFalse();

        assertThat(CloudKmsSettings.bind(new MockEnvironment(), "aws").keyUriTemplate()).isEmpty();
    }

    @Test
    void springCreatesTheSelectedCloudAdapterAndStopsOnWrongSettings(@TempDir Path dir) throws IOException {
        Path awsCredentials = Files.writeString(dir.resolve("aws.properties"),
                "accessKey=AKIDTEST\nsecretKey=secret\n", StandardCharsets.UTF_8);
        Path gcpCredentials = Files.writeString(dir.resolve("gcp.json"), "{\"type\":\"authorized_user\","
                + "\"client_id\":\"id\",\"client_secret\":\"secret\",\"refresh_token\":\"token\"}",
                StandardCharsets.UTF_8);
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(CloudKmsConfiguration.Aws.class, CloudKmsConfiguration.Gcp.class);

        runner.run(context -> assertThat(context).doesNotHaveBean(KeyEncryptionKeys.class));
        runner.withPropertyValues("custodia.vault.kms=pkcs11")
                .run(context -> assertThat(context).doesNotHaveBean(KeyEncryptionKeys.class));
        runner.withPropertyValues("custodia.vault.kms=aws-kms", "custodia.vault.aws.key-uri-template=" + AWS_TEMPLATE,
                "custodia.vault.aws.credentials-path=" + awsCredentials)
                .run(context -> assertThat(context.getBean(KeyEncryptionKeys.class).name()).isEqualTo("aws-kms"));
        runner.withPropertyValues("custodia.vault.kms=gcp-kms", "custodia.vault.gcp.key-uri-template=" + GCP_TEMPLATE,
                "custodia.vault.gcp.credentials-path=" + gcpCredentials)
                .run(context -> assertThat(context.getBean(KeyEncryptionKeys.class).name()).isEqualTo("gcp-kms"));

        runner.withPropertyValues("custodia.vault.kms=aws-kms")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .satisfies(f -> assertThat(messages(f)).contains("custodia.vault.kms=aws-kms needs "
                                + "custodia.vault.aws.key-uri-template")));
        runner.withPropertyValues("custodia.vault.kms=gcp-kms",
                "custodia.vault.gcp.key-uri-template=gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/shared",
                "custodia.vault.gcp.credentials-path=" + gcpCredentials)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .satisfies(f -> assertThat(messages(f)).contains("must hold {tenant} exactly once")));
        runner.withPropertyValues("custodia.vault.kms=gcp-kms", "custodia.vault.gcp.key-uri-template=" + GCP_TEMPLATE,
                "custodia.vault.gcp.credentials-path=" + dir.resolve("missing.json"))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .satisfies(f -> assertThat(messages(f)).contains("custodia.vault.gcp.credentials-path")
                                .contains("is not a readable file")));
    }

    @Test
    void anUnknownKmsIsRefusedNamingTheFourChoices() {
        assertThat(new VaultProperties("gcp-kms", Duration.ofMinutes(5), 10).kms()).isEqualTo("gcp-kms");
        assertThatThrownBy(() -> new VaultProperties("aws", Duration.ofMinutes(5), 10))
                .hasMessage("custodia.vault.kms must be one of local-file, pkcs11, aws-kms, gcp-kms, not 'aws'");
    }

    @Test
    void credentialsFileOpenToOthersFailsTheHardeningCheck(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("aws.properties"), "accessKey=a\nsecretKey=s\n",
                StandardCharsets.UTF_8);
        MockEnvironment env = new MockEnvironment().withProperty("custodia.vault.kms", "aws-kms")
                .withProperty("custodia.vault.aws.credentials-path", file.toString());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        HardeningResult open = new CloudKmsCredentialsCheck(env).check().get(0);
        assertThat(open.passed()).isFalse();
        assertThat(open.id()).isEqualTo("vault-cloud-kms-credentials");
        assertThat(open.reasonEn()).contains("chmod 600").doesNotContain("secretKey");
        assertThat(open.reasonIt()).contains("chmod 600");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(new CloudKmsCredentialsCheck(env).check().get(0).passed()).isTrue();

        MockEnvironment chain = new MockEnvironment().withProperty("custodia.vault.kms", "gcp-kms");
        HardeningResult defaults = new CloudKmsCredentialsCheck(chain).check().get(0);
        assertThat(defaults.passed()).isTrue();
        assertThat(defaults.reasonEn()).contains("default chain");
    }

    private static KeysetHandle newKeyset(Parameters parameters) throws GeneralSecurityException {
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(parameters).withRandomId().makePrimary()).build();
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    /** A KmsClient giving a fixed kind of AEAD per key URI (here: the real cloud AEADs on a local port). */
    private record FixedKmsClient(String prefix, AeadFactory factory) implements KmsClient {

        @Override
        public boolean doesSupport(String keyUri) {
            return keyUri != null && keyUri.startsWith(prefix);
        }

        @Override
        public KmsClient withCredentials(String credentialPath) {
            return this;
        }

        @Override
        public KmsClient withDefaultCredentials() {
            return this;
        }

        @Override
        public Aead getAead(String keyUri) {
            return factory.create(keyUri);
        }
    }

    @FunctionalInterface
    private interface AeadFactory {
        Aead create(String keyUri);
    }
}
