package eu.custodia.server.tenancy.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of the tenant register; {@code next} is the link to the following page, absent on the last. */
@Schema(name = "TenantPage", description = "One page of tenants, in creation order")
record TenantPage(List<TenantView> items, String next) {

    TenantPage {
        items = List.copyOf(items);
    }
}
