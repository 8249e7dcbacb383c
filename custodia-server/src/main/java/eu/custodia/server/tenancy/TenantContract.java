package eu.custodia.server.tenancy;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's contract data (commitments 1 and 10): who the customer is, the service model and the
 * providers beneath it, the data processing agreement and its sub-processors, the policy profile, and the
 * agreed retention, breach-notice and change-notice terms. The contacts are personal data: they stay in the
 * register and never reach a ledger entry. Unknown JSON fields are refused.
 *
 * @param legalName the customer's legal name
 * @param taxId the customer's tax or VAT id, e.g. {@code IT01234567890}
 * @param country the customer's country, ISO 3166-1 alpha-2
 * @param serviceModel the service model offered to the customer: {@code SaaS}
 * @param providers the IaaS/PaaS providers the service runs on
 * @param dpa the data processing agreement
 * @param subProcessors the sub-processors named in the agreement
 * @param policyProfile {@code strict} or {@code baseline}
 * @param dataRegion where the tenant's data is kept, e.g. {@code eu-south-1}
 * @param retentionDays days the data is kept after termination before deletion or return (0–3650)
 * @param breachNoticeHours hours within which the customer is told of a breach (1–72)
 * @param changeNoticeDays days of advance notice of changes (0–90)
 * @param contacts security, data-protection and administrative contacts
 */
@Schema(description = "A tenant's contract data; unknown fields are refused")
public record TenantContract(
        @NotBlank @Size(max = 200) String legalName,
        @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9.\\-]{1,29}",
                message = "must be 2-30 upper-case letters, digits, dots or dashes, e.g. IT01234567890") String taxId,
        @NotNull @CountryCode String country,
        @NotNull @Pattern(regexp = "SaaS", message = "must be SaaS") @Schema(allowableValues = "SaaS") String serviceModel,
        @NotNull @Size(max = 20) List<@NotNull @Valid Provider> providers,
        @NotNull @Valid Dpa dpa,
        @NotNull @Size(max = 100) List<@NotNull @Valid SubProcessor> subProcessors,
        @NotNull @Pattern(regexp = "strict|baseline", message = "must be strict or baseline")
        @Schema(allowableValues = {"strict", "baseline"}) String policyProfile,
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9\\-]{1,31}",
                message = "must be 2-32 lower-case letters, digits or dashes, e.g. eu-south-1") String dataRegion,
        @NotNull @Min(0) @Max(3650) Integer retentionDays,
        @NotNull @Min(1) @Max(72) Integer breachNoticeHours,
        @NotNull @Min(0) @Max(90) Integer changeNoticeDays,
        @NotNull @Valid Contacts contacts) {

    public TenantContract {
        providers = providers == null ? null : List.copyOf(providers);
        subProcessors = subProcessors == null ? null : List.copyOf(subProcessors);
    }

    /** An infrastructure or platform provider beneath the service. */
    public record Provider(
            @NotBlank @Size(max = 200) String name,
            @NotNull @Pattern(regexp = "IaaS|PaaS", message = "must be IaaS or PaaS")
            @Schema(allowableValues = {"IaaS", "PaaS"}) String role,
            @NotNull @CountryCode String country) {
    }

    /** The data processing agreement (GDPR Art. 28). */
    public record Dpa(@NotBlank @Size(max = 100) String reference, @NotNull LocalDate date) {
    }

    /** A sub-processor named in the agreement (GDPR Art. 28(2)). */
    public record SubProcessor(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 500) String purpose,
            @NotNull @CountryCode String country) {
    }

    /** The customer's contacts: personal data, kept in the register only. */
    public record Contacts(@NotNull @Valid Contact security, @NotNull @Valid Contact dpo,
            @NotNull @Valid Contact administrative) {
    }

    /** One contact person or function. */
    public record Contact(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @Pattern(regexp = "\\+?[0-9][0-9 ()\\-]{4,24}", message = "must be a phone number, e.g. +39 06 1234567")
            String phone) {
    }
}
