package eu.custodia.server.access.internal;

import eu.custodia.server.access.DecisionPoint;
import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.CurrentCaller;
import eu.custodia.server.platform.BilingualProblem;
import eu.custodia.server.platform.ProblemType;
import eu.custodia.server.platform.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's own roles under {@code /api/v1/tenants/{tenantId}/roles}. Defining them needs
 * {@link Permission#ROLES_ADMIN} on that tenant (a sensitive permission that only the tenant's own
 * administrators hold, on their own tenant: provider staff never define a customer's roles); reading them
 * needs {@link Permission#USERS_READ} on it.
 */
@RestController
@Tag(name = "Tenant roles", description = "Roles a tenant defines for its own users, from tenant permissions only")
@ApiResponse(responseCode = "403", description = "The caller may not do this (decision point)",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
final class TenantRolesController {

    private final TenantRoleCatalogue roles;
    private final DecisionPoint decisions;

    TenantRolesController(TenantRoleCatalogue roles, DecisionPoint decisions) {
        this.roles = roles;
        this.decisions = decisions;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/roles")
    List<TenantRoleCatalogue.TenantRole> list(@PathVariable String tenantId) {
        TenantId tenant = tenant(tenantId);
        decisions.require(CurrentCaller.get(), Permission.USERS_READ, tenant);
        return roles.list(tenant);
    }

    @GetMapping("/api/v1/tenants/{tenantId}/roles/{name}")
    TenantRoleCatalogue.TenantRole get(@PathVariable String tenantId, @PathVariable String name) {
        TenantId tenant = tenant(tenantId);
        decisions.require(CurrentCaller.get(), Permission.USERS_READ, tenant);
        return roles.find(tenant, name).orElseThrow(() -> BilingualProblem.of(ProblemType.NOT_FOUND, "Tenant "
                + tenant + " defines no role " + TenantRoleCatalogue.fullName(name) + ".", "Il tenant " + tenant
                + " non definisce il ruolo " + TenantRoleCatalogue.fullName(name) + "."));
    }

    @PostMapping("/api/v1/tenants/{tenantId}/roles")
    @Operation(summary = "Define a tenant's own role", description = "`{\"name\": \"billing-reader\", "
            + "\"description\": …, \"permissions\": [\"records:read\"]}`: the role is `custom:<name>`; permissions "
            + "from tenants:read, users:read, ledger:read, records:read, records:write only (never an "
            + "administrative one). Grant it like any tenant role, on this tenant, to this tenant's accounts.")
    ResponseEntity<TenantRoleCatalogue.TenantRole> create(@PathVariable String tenantId,
            @RequestBody Definition request) {
        TenantId tenant = tenant(tenantId);
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ROLES_ADMIN, tenant);
        Definition body = request == null ? new Definition(null, null, null) : request;
        return ResponseEntity.status(HttpStatus.CREATED).body(roles.create(caller, tenant, body.name(),
                body.description(), body.permissions()));
    }

    @PutMapping("/api/v1/tenants/{tenantId}/roles/{name}")
    @Operation(summary = "Change a tenant's own role", description = "Replaces its description and permissions; "
            + "its holders have the new permissions at their next request.")
    TenantRoleCatalogue.TenantRole update(@PathVariable String tenantId, @PathVariable String name,
            @RequestBody Definition request) {
        TenantId tenant = tenant(tenantId);
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ROLES_ADMIN, tenant);
        Definition body = request == null ? new Definition(null, null, null) : request;
        return roles.update(caller, tenant, name, body.description(), body.permissions());
    }

    @DeleteMapping("/api/v1/tenants/{tenantId}/roles/{name}")
    @Operation(summary = "Delete a tenant's own role", description = "Only while nobody holds it (409 otherwise).")
    ResponseEntity<Void> delete(@PathVariable String tenantId, @PathVariable String name) {
        TenantId tenant = tenant(tenantId);
        Caller caller = CurrentCaller.get();
        decisions.require(caller, Permission.ROLES_ADMIN, tenant);
        roles.delete(caller, tenant, name);
        return ResponseEntity.noContent().build();
    }

    /** The body of a definition. */
    record Definition(String name, String description, List<String> permissions) {
    }

    private static TenantId tenant(String text) {
        return TenantId.parseOrInvalid(text, "tenantId");
    }
}
