package eu.custodia.bench.elevation;

import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.VerifiedFactor;
import eu.custodia.server.platform.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The elevation suite's population: {@code n} tenants, one {@code support-engineer} per tenant holding an
 * active read grant on that tenant (so {@code n} grants in force, one per staff member and tenant), and one
 * {@code tenant-member} per tenant for the baseline (a tenant user reading its own tenant's records, a
 * decision that never consults the grants).
 *
 * @param tenants the tenants, seeded random ids
 * @param staff staff member {@code i} holds the grant on tenant {@code i}
 * @param members member {@code i} belongs to tenant {@code i}
 * @param grantIds the id of staff member {@code i}'s grant
 */
record ElevationModel(List<TenantId> tenants, List<Caller> staff, List<Caller> members, List<String> grantIds) {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    static ElevationModel build(int n, Instant now, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>();
        List<TenantId> tenants = new ArrayList<>(n);
        while (tenants.size() < n) {
            String id = "t-" + base32(random, 26);
            if (seen.add(id)) {
                tenants.add(new TenantId(id));
            }
        }
        List<VerifiedFactor> factors = List.of(new VerifiedFactor(VerifiedFactor.TOTP, now));
        List<String> methods = List.of(VerifiedFactor.PASSWORD, VerifiedFactor.TOTP);
        List<Caller> staff = new ArrayList<>(n);
        List<Caller> members = new ArrayList<>(n);
        List<String> grants = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String s = String.format(Locale.ROOT, "elv-s%07d", i);
            staff.add(new Caller(s, "staff", Set.of(Roles.SUPPORT_ENGINEER), null, methods, s, factors, true, false));
            String m = String.format(Locale.ROOT, "elv-m%07d", i);
            members.add(new Caller(m, "tenant-user", Set.of(Roles.TENANT_MEMBER), tenants.get(i), methods, m, factors,
                    true, false));
            grants.add("elv-" + base32(random, 26));
        }
        return new ElevationModel(List.copyOf(tenants), List.copyOf(staff), List.copyOf(members), List.copyOf(grants));
    }

    int size() {
        return tenants.size();
    }

    /** {@code count} uniformly random indexes into the population, from {@code random}. */
    int[] sequence(int count, SplittableRandom random) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = random.nextInt(size());
        }
        return out;
    }

    private static String base32(SplittableRandom random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(BASE32[random.nextInt(32)]);
        }
        return b.toString();
    }
}
