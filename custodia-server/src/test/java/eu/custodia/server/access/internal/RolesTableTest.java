package eu.custodia.server.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.custodia.server.access.Permission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's roles table is the decision point's table: same roles, permissions, scopes and tenant data. */
class RolesTableTest {

    @Test
    void readmeWhenRolesTableReadThenItIsExactlyTheRolePermissionTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String table = readme.substring(readme.indexOf("<!-- roles-table begin -->"),
                readme.indexOf("<!-- roles-table end -->"));
        List<String> rows = table.lines().filter(l -> l.startsWith("| `")).toList();
        String[] header = table.lines().filter(l -> l.startsWith("| permission")).findFirst().orElseThrow().split("\\|");
        List<String> roles = Arrays.stream(header).skip(3).map(String::strip).map(r -> r.replace("`", "")).toList();

        List<String> documented = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            Permission permission = Permission.ofCode(cells[1].strip().replace("`", ""));
            assertThat(permission).as(row).isNotNull();
            assertThat(cells[2].strip()).as("tenant data of %s", permission.code())
                    .isEqualTo(permission.tenantData() ? "yes" : "no");
            for (int i = 0; i < roles.size(); i++) {
                String cell = cells[3 + i].strip();
                if (!cell.equals("–")) {
                    documented.add(roles.get(i) + " " + permission.code() + " " + cell);
                }
            }
        }
        List<String> actual = RolePermissionRule.TABLE.stream().map(g -> g.role() + " " + g.permission().code() + " "
                + switch (g.scope()) {
                    case ANY -> "any";
                    case PLATFORM -> "platform";
                    case OWN_TENANT -> "own";
                }).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(actual);
        assertThat(rows).hasSize((int) Arrays.stream(Permission.values()).filter(p -> p != Permission.ACCOUNT_SELF).count());
    }
}
