package eu.custodia.bench.ledger;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantContract.Contact;
import eu.custodia.server.tenancy.TenantContract.Contacts;
import eu.custodia.server.tenancy.TenantContract.Dpa;
import eu.custodia.server.tenancy.TenantContract.Provider;
import eu.custodia.server.tenancy.TenantContract.SubProcessor;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's overhead on a business write, on one store: the latency of {@code PUT /api/v1/tenants/{id}}
 * (If-Match, a changed contract) on a server whose {@code Ledger} is the real one, against the same
 * request on a second server in the same JVM, on the same store, whose {@code Ledger} is a no-op. The two
 * take turns in blocks of requests, in random order; before every block the first server's integrator has
 * integrated everything pending, so each block of the real ledger pays for the integration it causes and
 * no block of the baseline pays for any.
 */
final class OverheadRun {

    static final int TENANTS = 10;
    static final int BLOCK = 20;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(t-[a-z2-7]{26})\"");

    /** What one store gave. */
    record Result(String store, String scheme, Percentiles with, Percentiles without, int warmupPerSide,
            double seconds) {

        double ratio() {
            return with.median() / without.median();
        }
    }

    private OverheadRun() {
    }

    /**
     * Measures on {@code store}: {@code warmupBlocks} and then {@code blocks} blocks of {@link #BLOCK}
     * requests for each side.
     */
    static Result run(BenchStore store, int warmupBlocks, int blocks, PrintStream log) throws Exception {
        long t0 = System.nanoTime();
        log.printf(Locale.ROOT, "ledger: overhead on %s: starting the server with the ledger%n", store.kind());
        try (InProcessServer with = InProcessServer.start(store, true, Map.of())) {
            String token = BenchAdministrator.create(with.bean(Accounts.class), with.bean(ApiKeys.class),
                    with.bean(eu.custodia.server.access.Agreements.class), with.bean(java.time.Clock.class));
            JsonMapper json = with.bean(JsonMapper.class);
            String[] bodies = {json.writeValueAsString(contract(90)), json.writeValueAsString(contract(91))};
            Client a = new Client(with.http(), token, bodies);
            List<Tenant> tenants = new ArrayList<>();
            for (int i = 0; i < TENANTS; i++) {
                tenants.add(a.create());
            }
            JdbcClient jdbc = with.bean(JdbcClient.class);
            log.printf(Locale.ROOT, "ledger: overhead on %s: starting the server with a no-op ledger%n", store.kind());
            try (InProcessServer without = InProcessServer.start(store, true,
                    Map.of("custodia.ledger.integrate-interval-ms", "86400000"), NoOpLedgerConfiguration.class)) {
                Client b = new Client(without.http(), token, bodies);
                SplittableRandom random = new SplittableRandom(20261123L);
                List<Double> withMs = new ArrayList<>();
                List<Double> withoutMs = new ArrayList<>();
                int[] next = {0};
                for (int round = 0; round < warmupBlocks + blocks; round++) {
                    boolean measured = round >= warmupBlocks;
                    boolean withFirst = random.nextBoolean();
                    for (int side = 0; side < 2; side++) {
                        boolean ledgered = (side == 0) == withFirst;
                        awaitNothingPending(jdbc);
                        List<Double> sink = ledgered ? withMs : withoutMs;
                        Client c = ledgered ? a : b;
                        for (int i = 0; i < BLOCK; i++) {
                            Tenant t = tenants.get(next[0]++ % tenants.size());
                            double ms = c.update(t);
                            if (measured) {
                                sink.add(ms);
                            }
                        }
                    }
                    if (round == warmupBlocks - 1) {
                        log.printf(Locale.ROOT, "ledger: overhead on %s: warmed up, measuring%n", store.kind());
                    }
                }
                awaitNothingPending(jdbc);
                return new Result(store.kind(), a.http.scheme(), Percentiles.of(toArray(withMs)),
                        Percentiles.of(toArray(withoutMs)), warmupBlocks * BLOCK, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Waits until the ledgered server's integrator has integrated every pending event. */
    private static void awaitNothingPending(JdbcClient jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (jdbc.sql("SELECT count(*) FROM ledger_pending").query(Long.class).single() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the integrator left events pending for 30 s");
            }
            Thread.sleep(5);
        }
    }

    /** A tenant, its current ETag, and which of the two contract bodies it holds. */
    static final class Tenant {
        final String id;
        String etag;
        int body;

        Tenant(String id, String etag) {
            this.id = id;
            this.etag = etag;
        }
    }

    /** Sends the register's requests to one server as the platform administrator. */
    private static final class Client {
        final ServerHttp http;
        final String authorization;
        final String[] bodies;

        Client(ServerHttp http, String token, String[] bodies) {
            this.http = http;
            this.authorization = "Bearer " + token;
            this.bodies = bodies;
        }

        Tenant create() throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(http.request("/api/v1/tenants")
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodies[0])).build());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("creating a tenant answered " + r.statusCode() + ": " + r.body());
            }
            Matcher m = ID.matcher(r.body());
            if (!m.find()) {
                throw new IllegalStateException("no tenant id in " + r.body());
            }
            return new Tenant(m.group(1), r.headers().firstValue("ETag").orElseThrow());
        }

        /** Replaces the tenant's contract with the other body; returns the latency in milliseconds. */
        double update(Tenant t) throws IOException, InterruptedException {
            int body = 1 - t.body;
            HttpRequest request = http.request("/api/v1/tenants/" + t.id)
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .header("Accept", "application/json").header("If-Match", t.etag)
                    .PUT(HttpRequest.BodyPublishers.ofString(bodies[body])).build();
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request);
            long nanos = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("updating a tenant answered " + r.statusCode() + ": " + r.body());
            }
            t.etag = r.headers().firstValue("ETag").orElseThrow();
            t.body = body;
            return nanos / 1e6;
        }
    }

    /** A contract of a fictitious customer; {@code retentionDays} is the field the updates toggle. */
    static TenantContract contract(int retentionDays) {
        Contact security = new Contact("Bench Security", "security@bench.example", "+39 06 0000001");
        Contact dpo = new Contact("Bench Dpo", "dpo@bench.example", "+39 06 0000002");
        Contact admin = new Contact("Bench Admin", "admin@bench.example", null);
        return new TenantContract("Benchmark Example S.r.l.", "IT00000000000", "IT", "SaaS",
                List.of(new Provider("Example Infra S.r.l.", "IaaS", "IT")),
                new Dpa("DPA-BENCH-001", LocalDate.of(2026, 1, 1)),
                List.of(new SubProcessor("Example Mail S.p.A.", "transactional e-mail", "IT")),
                "strict", "eu-south-1", retentionDays, 24, 14, new Contacts(security, dpo, admin));
    }
}
