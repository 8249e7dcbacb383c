package eu.custodia.server.vault.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.Tenants;
import eu.custodia.server.vault.TenantKeysets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's key hierarchy under {@code /api/v1/tenants/{tenantId}/keysets}: its state (the KEK version that
 * wraps the keysets; never key material), rotation and re-wrap. Key operations need
 * {@link Permission#KEYS_ROTATE} on that tenant (a sensitive permission: the platform's key custodians, and the
 * tenant's own administrators on their tenant); reading the state needs {@link Permission#TENANTS_READ}. An
 * unreachable KMS answers 503 {@code kms-unavailable}; nothing is changed then.
 */
@RestController
@Tag(name = "Vault", description = "Each tenant's key hierarchy: KEK versions, keyset rotation and re-wrap")
final class TenantKeysetsController {

    private final TenantKeysets keysets;
    private final DecisionPoint decisions;
    private final Tenants tenants;

    TenantKeysetsController(TenantKeysets keysets, DecisionPoint decisions, Tenants tenants) {
        this.keysets = keysets;
        this.decisions = decisions;
        this.tenants = tenants;
    }

    /** After the decision (so a caller learns nothing about tenants it may not see): 404 for no such tenant. */
    private void exists(TenantId tenant) {
        if (tenants.find(tenant).isEmpty()) {
            throw BilingualProblem.of(ProblemType.NOT_FOUND, "No tenant " + tenant + ".", "Nessun tenant " + tenant
                    + ".");
        }
    }

    /** What the API shows of a tenant's keys: which KEK version wraps its keysets (0: none provisioned yet). */
    record KeysetState(String tenant, int kekVersion) {
    }

    @GetMapping("/api/v1/tenants/{tenantId}/keysets")
    KeysetState state(@PathVariable String tenantId) {
        TenantId tenant = tenant(tenantId);
        decisions.require(CurrentCaller.get(), Permission.TENANTS_READ, tenant);
        exists(tenant);
        return new KeysetState(tenant.value(), keysets.kekVersion(tenant));
    }

    @PostMapping("/api/v1/tenants/{tenantId}/keysets/rotation")
    @Operation(summary = "Rotate a tenant's keysets", description = "Adds a new primary key to each keyset (records, "
            + "blind index, streaming); data sealed under older keys still opens. Provisions the keysets first if "
            + "the tenant has none. Ledgered in the tenant's log (vault.keyset-rotated).")
    KeysetState rotate(@PathVariable String tenantId) {
        return keyOperation(tenantId, keysets::rotate);
    }

    @PostMapping("/api/v1/tenants/{tenantId}/keysets/rewrap")
    @Operation(summary = "Re-wrap a tenant's keysets under a new KEK version", description = "Creates a new version "
            + "of the tenant's key-encryption key in the KMS and wraps the keysets under it; older versions stay "
            + "until destroyed. Ledgered in the tenant's log (vault.keyset-rewrapped).")
    KeysetState rewrap(@PathVariable String tenantId) {
        return keyOperation(tenantId, keysets::rewrap);
    }

    /** The confirmation a crypto-shredding request must carry: the tenant's id, typed again. */
    record ShredRequest(String confirmTenantId) {
    }

    @PostMapping("/api/v1/tenants/{tenantId}/keysets/crypto-shred")
    @Operation(summary = "Crypto-shred a terminated tenant (irreversible)", description = "Destroys every version of "
            + "the tenant's key-encryption key in the KMS and deletes its keysets: its records, blobs and backups can "
            + "never be read again, on any node, from the next request on. Only for a terminated tenant; the body "
            + "repeats the tenant id ({\"confirmTenantId\": \"t-...\"}). Ledgered (vault.crypto-shredded).")
    ShredResult cryptoShred(@PathVariable String tenantId,
            @org.springframework.web.bind.annotation.RequestBody ShredRequest request) {
        TenantId tenant = tenant(tenantId);
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.KEYS_ROTATE, tenant);
        exists(tenant);
        if (request == null || !tenant.value().equals(request.confirmTenantId())) {
            throw BilingualProblem.field(ProblemType.VALIDATION, "confirmTenantId", "Crypto-shredding cannot be undone: "
                    + "repeat the tenant's id in confirmTenantId to confirm it.", "La distruzione crittografica è "
                    + "irreversibile: ripetere l'id del tenant in confirmTenantId per confermarla.");
        }
        if (tenants.find(tenant).orElseThrow().state() != eu.custodia.server.tenancy.TenantState.TERMINATED) {
            throw BilingualProblem.of(TENANT_NOT_TERMINATED, "Tenant " + tenant + " is not terminated; terminate its "
                    + "contract first (POST /api/v1/tenants/" + tenant + "/state), then crypto-shred it.", "Il tenant "
                    + tenant + " non è cessato; prima cessarne il contratto, poi distruggerlo crittograficamente.");
        }
        boolean destroyed = keysets.cryptoShred(caller, tenant);
        return new ShredResult(tenant.value(), true, destroyed, destroyed ? null : "Schedule the deletion of the "
                + "tenant's key in the cloud KMS (console or CLI) to finish crypto-shredding; Custodia already refuses "
                + "every use of the tenant's data.");
    }

    /**
     * What crypto-shredding did: the tenant is marked shredded (always), and whether the KMS destroyed the KEK
     * or the operator must still schedule its deletion in a cloud KMS ({@code operatorAction}).
     */
    record ShredResult(String tenant, boolean shredded, boolean kekDestroyed, String operatorAction) {
    }

    static final ProblemType TENANT_NOT_TERMINATED = new ProblemType("tenant-not-terminated",
            org.springframework.http.HttpStatus.CONFLICT, "Only a terminated tenant can be crypto-shredded");

    /** Decides {@code keys:rotate} on the tenant, provisions its keysets if needed, runs {@code operation}. */
    private KeysetState keyOperation(String tenantId, java.util.function.BiConsumer<Caller, TenantId> operation) {
        TenantId tenant = tenant(tenantId);
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.KEYS_ROTATE, tenant);
        exists(tenant);
        keysets.provision(caller, tenant);
        operation.accept(caller, tenant);
        return new KeysetState(tenant.value(), keysets.kekVersion(tenant));
    }

    private static TenantId tenant(String text) {
        return TenantId.parseOrInvalid(text, "tenantId");
    }
}
