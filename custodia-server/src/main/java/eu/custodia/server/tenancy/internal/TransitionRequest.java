package eu.custodia.server.tenancy.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A request to move a tenant to another lifecycle state. The reason is recorded in the tenant's history
 * and ledger, so it must not contain personal data.
 */
@Schema(name = "TenantTransition", description = "Move a tenant to another lifecycle state")
record TransitionRequest(
        @NotNull @Pattern(regexp = "provisioning|active|suspended|terminated",
                message = "must be one of provisioning, active, suspended, terminated")
        @Schema(allowableValues = {"active", "suspended", "terminated"}) String to,
        @NotBlank @Size(max = TenantService.MAX_REASON)
        @Schema(description = "Why; recorded in the tenant's ledger, so never personal data",
                example = "contract signed, ticket OPS-1234") String reason) {
}
