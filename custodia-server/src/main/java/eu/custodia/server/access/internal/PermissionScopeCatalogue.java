package eu.custodia.server.access.internal;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.ScopeCatalogue;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The scopes a key may be narrowed to, from the permission catalogue and the role-permission table: every
 * permission some role grants (so never {@code account:self}, which no role grants), and which roles carry
 * each.
 */
@Component
final class PermissionScopeCatalogue implements ScopeCatalogue {

    private static final Set<String> CODES = RolePermissionRule.TABLE.stream().map(g -> g.permission().code())
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public Set<String> codes() {
        return CODES;
    }

    @Override
    public boolean carried(Set<String> roles, String code) {
        Permission permission = Permission.ofCode(code);
        return permission != null && RolePermissionRule.TABLE.stream()
                .anyMatch(g -> g.permission() == permission && roles.contains(g.role()));
    }
}
