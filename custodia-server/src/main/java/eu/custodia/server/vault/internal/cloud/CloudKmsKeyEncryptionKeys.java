package eu.custodia.server.vault.internal.cloud;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.vault.KeyEncryptionKeys;
import eu.custodia.server.vault.KmsUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key-encryption keys in a cloud KMS (AWS KMS, Google Cloud KMS) through Tink's KMS extensions
 * ({@code custodia.vault.kms=aws-kms} or {@code gcp-kms}). Tink can use a cloud key but cannot create, rotate
 * or delete one, so the operator provisions one symmetric KMS key per tenant (Terraform or the cloud's CLI)
 * and configures a key URI template holding {@code {tenant}}, e.g.
 * {@code aws-kms://arn:aws:kms:eu-central-1:111122223333:alias/custodia-{tenant}}; the tenant's id
 * ({@code t-} and 26 base32 characters, nothing else) replaces the placeholder.
 *
 * <p><b>Versions.</b> The cloud KMS versions the key material itself: every ciphertext names the key version
 * that made it, and automatic rotation (configured in the cloud) adds a primary version while the older ones
 * keep decrypting. Custodia therefore has exactly one KEK version per tenant, {@code 1}, standing for the
 * cloud key with all its versions: {@link #create} checks that the key works (encrypts and decrypts a random
 * probe under associated data) and returns 1; {@link #currentVersion} is 1 without asking the cloud (Tink
 * cannot list keys; a missing key surfaces as {@link KmsUnavailableException} on first use); {@link #rotate}
 * asks nothing of the cloud and returns 1, so a re-wrap re-encrypts the tenant's keysets under the cloud key's
 * current primary version without changing Custodia's version number; {@link #kek} of any other version fails
 * closed.
 *
 * <p><b>Crypto-shredding.</b> {@link #destroyAllVersions} cannot be done through Tink: it throws
 * {@link UnsupportedOperationException} telling the operator, in English and Italian, to schedule the key's
 * deletion in the cloud KMS, which is the crypto-shredding step there.
 *
 * <p>Every failure of the cloud (unreachable, credentials refused, key disabled or missing, SDK errors) is a
 * {@link KmsUnavailableException} naming the adapter and the tenant: callers fail closed (503).
 */
public final class CloudKmsKeyEncryptionKeys implements KeyEncryptionKeys {

    /** The placeholder a key URI template must hold once. */
    public static final String PLACEHOLDER = "{tenant}";

    /** Custodia's only KEK version over a cloud key (the cloud keeps the material's versions). */
    static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(CloudKmsKeyEncryptionKeys.class);
    private static final Pattern SAFE_TENANT = Pattern.compile("t-[a-z2-7]{26}");
    private static final Pattern URI_CHARS = Pattern.compile("[A-Za-z0-9:/._\\-{}]+");
    private static final byte[] PROBE_CONTEXT = "custodia/vault/kms-probe/v1|".getBytes(StandardCharsets.UTF_8);

    private final String name;
    private final String keyUriTemplate;
    private final KmsClient client;
    private final Map<TenantId, Aead> aeads = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param name the adapter's name, {@code aws-kms} or {@code gcp-kms}; also the URI scheme the template
     *     must start with ({@code aws-kms://}, {@code gcp-kms://})
     * @param keyUriTemplate the tenants' key URI with {@code {tenant}} once, see {@link #checkTemplate}
     * @param client Tink's client for that cloud, with its credentials; it must support the expanded URIs
     * @throws IllegalArgumentException when the template is unusable (the start stops)
     */
    public CloudKmsKeyEncryptionKeys(String name, String keyUriTemplate, KmsClient client) {
        this.name = Objects.requireNonNull(name, "name");
        this.keyUriTemplate = checkTemplate(name, keyUriTemplate);
        this.client = Objects.requireNonNull(client, "client");
        String sample = expand(this.keyUriTemplate, TenantId.random());
        if (!client.doesSupport(sample)) {
            throw new IllegalArgumentException("custodia.vault.kms=" + name + ": the KMS client does not support "
                    + "key URIs like " + sample);
        }
    }

    /**
     * Checks a key URI template: it starts with {@code <name>://}, holds {@link #PLACEHOLDER} exactly once and
     * no other brace, and has only the characters of a key ARN or a Cloud KMS resource name.
     *
     * @return the template
     * @throws IllegalArgumentException with a message naming the setting, when it is unusable
     */
    static String checkTemplate(String name, String template) {
        String setting = "custodia.vault." + (name.startsWith("aws") ? "aws" : "gcp") + ".key-uri-template";
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("custodia.vault.kms=" + name + " needs " + setting + ", e.g. "
                    + example(name));
        }
        if (!template.startsWith(name + "://")) {
            throw new IllegalArgumentException(setting + " must start with " + name + "://, e.g. " + example(name));
        }
        int first = template.indexOf(PLACEHOLDER);
        if (first < 0 || template.indexOf(PLACEHOLDER, first + 1) >= 0) {
            throw new IllegalArgumentException(setting + " must hold " + PLACEHOLDER + " exactly once, so that each"
                    + " tenant has its own key (one KMS key per tenant), e.g. " + example(name));
        }
        String rest = template.replace(PLACEHOLDER, "");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0 || !URI_CHARS.matcher(template).matches()) {
            throw new IllegalArgumentException(setting + " may hold only letters, digits, ':', '/', '.', '_', '-'"
                    + " and " + PLACEHOLDER + ", e.g. " + example(name));
        }
        return template;
    }

    /** The key URI of a tenant: the template with the tenant's id in place of {@link #PLACEHOLDER}. */
    static String expand(String template, TenantId tenant) {
        String id = tenant.value();
        if (!SAFE_TENANT.matcher(id).matches()) { // TenantId guarantees it; the URI must never take anything else
            throw new IllegalArgumentException("not a tenant id");
        }
        return template.replace(PLACEHOLDER, id);
    }

    /** The key URI of a tenant. */
    String keyUri(TenantId tenant) {
        return expand(keyUriTemplate, tenant);
    }

    private static String example(String name) {
        return name.startsWith("aws")
                ? "aws-kms://arn:aws:kms:eu-central-1:111122223333:alias/custodia-" + PLACEHOLDER
                : "gcp-kms://projects/my-project/locations/europe-west3/keyRings/custodia/cryptoKeys/tenant-"
                        + PLACEHOLDER;
    }

    @Override
    public String name() {
        return name;
    }

    /** Checks that the tenant's cloud key encrypts and decrypts (a random probe under associated data). */
    @Override
    public int create(TenantId tenant) {
        Aead aead = kek(tenant, VERSION);
        byte[] probe = new byte[32];
        random.nextBytes(probe);
        byte[] context = concat(PROBE_CONTEXT, tenant.value().getBytes(StandardCharsets.UTF_8));
        try {
            byte[] back = aead.decrypt(aead.encrypt(probe, context), context);
            if (!MessageDigest.isEqual(probe, back)) {
                throw unavailable(tenant, "the key's probe did not decrypt to itself", null);
            }
        } catch (GeneralSecurityException e) {
            throw unavailable(tenant, "the key at " + keyUri(tenant) + " does not encrypt and decrypt", e);
        }
        LOG.info("KMS {}: tenant {}'s key {} encrypts and decrypts", name, tenant, keyUri(tenant));
        return VERSION;
    }

    /** Always 1: the cloud key (all its versions) is Custodia's version 1; the cloud is not asked. */
    @Override
    public int currentVersion(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return VERSION;
    }

    /**
     * Asks nothing of the cloud and returns 1: key material rotates in the cloud KMS (automatic rotation, e.g.
     * yearly), not through Tink. A re-wrap after this call re-encrypts the keysets under the cloud key's
     * current primary version.
     */
    @Override
    public int rotate(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        LOG.info("KMS {}: tenant {}'s key rotates in the cloud KMS; Custodia's KEK version stays {}", name, tenant,
                VERSION);
        return VERSION;
    }

    @Override
    public Aead kek(TenantId tenant, int version) {
        Objects.requireNonNull(tenant, "tenant");
        if (version != VERSION) {
            throw new KmsUnavailableException("KMS " + name + ", tenant " + tenant + ": no key-encryption key"
                    + " version " + version + " (a cloud KMS key is Custodia's version " + VERSION + ")");
        }
        Aead aead = aeads.get(tenant);
        if (aead == null) {
            try {
                aead = new FailClosedAead(client.getAead(keyUri(tenant)), name, tenant);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw unavailable(tenant, "cannot open the key at " + keyUri(tenant), e);
            }
            Aead raced = aeads.putIfAbsent(tenant, aead);
            aead = raced != null ? raced : aead;
        }
        return aead;
    }

    /**
     * Not possible through Tink: throws {@link UnsupportedOperationException} asking the operator to schedule
     * the deletion of the tenant's key in the cloud KMS (AWS: {@code aws kms schedule-key-deletion}; Google
     * Cloud: {@code gcloud kms keys versions destroy} for every version), which is the crypto-shredding step
     * there.
     */
    @Override
    public void destroyAllVersions(TenantId tenant) {
        String uri = keyUri(tenant);
        throw new UnsupportedOperationException("KMS " + name + ": Custodia cannot destroy tenant " + tenant
                + "'s key through Tink; schedule the deletion of " + uri + " in the cloud KMS (console or CLI):"
                + " that is the crypto-shredding step. / Custodia non può distruggere la chiave del tenant "
                + tenant + " tramite Tink; pianificare l'eliminazione di " + uri + " nel KMS cloud (console o CLI):"
                + " è il passo di crypto-shredding.");
    }

    private KmsUnavailableException unavailable(TenantId tenant, String what, Exception cause) {
        String message = "KMS " + name + ", tenant " + tenant + ": " + what;
        return cause == null ? new KmsUnavailableException(message)
                : new KmsUnavailableException(message + " (" + cause.getClass().getSimpleName() + ")", cause);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * The cloud's AEAD with its unchecked SDK errors (no route, no credentials, throttling) turned into
     * {@link KmsUnavailableException}; a {@link GeneralSecurityException} (the KMS refused, or the ciphertext
     * does not open) passes through, so a caller unwrapping a keyset fails closed either way.
     */
    private static final class FailClosedAead implements Aead {

        private final Aead cloud;
        private final String name;
        private final TenantId tenant;

        FailClosedAead(Aead cloud, String name, TenantId tenant) {
            this.cloud = Objects.requireNonNull(cloud, "the KMS client gave no AEAD");
            this.name = name;
            this.tenant = tenant;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            try {
                return cloud.encrypt(plaintext, associatedData);
            } catch (RuntimeException e) {
                throw failed("encrypt", e);
            }
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            try {
                return cloud.decrypt(ciphertext, associatedData);
            } catch (RuntimeException e) {
                throw failed("decrypt", e);
            }
        }

        private KmsUnavailableException failed(String what, RuntimeException e) {
            if (e instanceof KmsUnavailableException k) {
                return k;
            }
            return new KmsUnavailableException(String.format(Locale.ROOT, "KMS %s, tenant %s: cannot %s with the"
                    + " key-encryption key (%s)", name, tenant, what, e.getClass().getSimpleName()), e);
        }

        @Override
        public String toString() {
            return name + " KEK of " + tenant;
        }
    }
}
