package eu.custodia.server.access.internal;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.util.Objects;

/** What a rule is asked: may this caller exercise this permission on this tenant (null: the platform)? */
record AccessRequest(Caller caller, Permission permission, TenantId tenant) {

    AccessRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(permission, "permission");
    }
}
