package eu.custodia.server.access.internal;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.platform.TenantId;
import java.util.Objects;

/**
 * What a rule is asked: may this caller exercise this permission on this tenant (null: the platform), and,
 * for the records API, in which collection (null when the call names none: a listing of collections, blobs)?
 */
record AccessRequest(Caller caller, Permission permission, TenantId tenant, String collection) {

    AccessRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(permission, "permission");
    }

    /** A request that names no collection. */
    AccessRequest(Caller caller, Permission permission, TenantId tenant) {
        this(caller, permission, tenant, null);
    }
}
