package eu.custodia.server.elevation.internal;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.access.Permission;
import eu.custodia.server.identity.MutableClock;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.platform.SqlInstants;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.records.Blobs;
import eu.custodia.server.testing.CustodiaTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

/**
 * The end of a grant on every node (issue: "in-flight access ends within one second; revocation has explicit
 * states, never a silent gap"). A second node is simulated by a second {@link GrantIndex} on the same store with
 * its own node id and ticker. Shown: a revocation is {@code revoked} only once every live node has applied it;
 * a live node that does not apply it turns it {@code revocation-failed} after the deadline, ledgered and raising
 * a critical alert, while that node itself refuses the grant as soon as its view is older than the staleness
 * bound; a late confirmation still ends as {@code revoked}; a download running under a grant stops when the
 * grant ends.
 */
@CustodiaTest
@Import(MutableClock.Configuration.class)
class GrantRevocationTest extends ElevationTestSupport {

    @Autowired
    SqlInstants instants;
    @Autowired
    StaffAffiliations affiliations;
    @Autowired
    RevocationProperties revocation;
    @Autowired
    GrantRevocations revocations;
    @Autowired
    Blobs blobs;

    private final AtomicLong nodeBTicker = new AtomicLong();
    private GrantIndex nodeB;
    private Thread poller;
    private final AtomicBoolean polling = new AtomicBoolean();

    private GrantIndex nodeB() {
        nodeB = new GrantIndex(jdbc, instants, affiliations, revocation, clock, nodeBTicker::get, "node-b-"
                + System.nanoTime());
        return nodeB;
    }

    @AfterEach
    void stopNodeB() throws InterruptedException {
        polling.set(false);
        if (poller != null) {
            poller.join(5_000);
        }
        if (nodeB != null) {
            nodeB.destroy();
        }
    }

    /** Polls node B every 50 ms, as its scheduler would. */
    private void startPolling() {
        polling.set(true);
        poller = new Thread(() -> {
            while (polling.get()) {
                nodeBTicker.addAndGet(50_000_000L);
                nodeB.poll(true);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.setDaemon(true);
        poller.start();
    }

    private String revoke(String id) throws Exception {
        return mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/revocation"), officer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"suspected-misuse\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("revoked"))
                .andReturn().getResponse().getContentAsString();
    }

    private String revocationState(String id) {
        return jdbc.sql("SELECT revocation_state FROM elevation_requests WHERE id = ?").param(id).query(String.class)
                .single();
    }

    /** Runs the sweep until {@code id}'s revocation is {@code state}, at most 10 seconds. */
    private void awaitRevocation(String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!state.equals(revocationState(id))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("revocation of " + id + " is " + revocationState(id) + ", not " + state);
            }
            revocations.sweep();
            Thread.sleep(20);
        }
    }

    @Test
    void revokedOnlyOnceEveryLiveNodeHasDroppedTheGrantAndThatIsLedgered() throws Exception {
        String[] t = tenantWithRecord("baseline");
        TenantId tenant = new TenantId(t[0]);
        GrantIndex b = nodeB();
        b.poll(true);
        String id = breakGlass(t[0]);
        startPolling();
        long until = System.nanoTime() + 5_000_000_000L;
        while (b.find(engineer.account(), tenant, Permission.RECORDS_READ, "customers", clock.instant()).isEmpty()) {
            assertThat(System.nanoTime()).as("node B sees the activation").isLessThan(until);
            Thread.sleep(20);
        }

        revoke(id);
        awaitRevocation(id, GrantRevocations.REVOKED);
        assertThat(b.find(engineer.account(), tenant, Permission.RECORDS_READ, "customers", clock.instant())).isEmpty();
        assertThat(b.inForce(id, clock.instant())).isFalse();
        assertThat(events(t[0], "elevation.revocation-confirmed")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("every live node").doesNotContain("deadline"));
        assertThat(events(t[0], "elevation.revocation-failed")).isEmpty();
        mvc.perform(as(get("/api/v1/access-requests/" + id), officer.token()))
                .andExpect(jsonPath("$.revocation.state").value("revoked"))
                .andExpect(jsonPath("$.revocation.confirmedAt").isNotEmpty());
        // The staff member's next call, on this node, is refused.
        mvc.perform(as(get(collection(tenant) + "/records/" + t[1]), engineer.token()))
                .andExpect(problem("forbidden", 403));
    }

    @Test
    void aLiveNodeThatDoesNotConfirmMakesItRevocationFailedWithACriticalAlertButRefusesTheGrantItself()
            throws Exception {
        String[] t = tenantWithRecord("baseline");
        TenantId tenant = new TenantId(t[0]);
        String id = breakGlass(t[0]);
        GrantIndex b = nodeB();
        b.poll(true);
        assertThat(b.find(engineer.account(), tenant, Permission.RECORDS_READ, null, clock.instant())).isPresent();

        // Node B stops polling (a long pause, say) but is still listed as live.
        mvc.perform(stepUp(post("/api/v1/access-requests/" + id + "/revocation"), officer)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"suspected-misuse\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.revocation.state").value("revoking"));
        clock.advance(revocation.deadline().plusMillis(1));
        revocations.sweep();
        assertThat(revocationState(id)).isEqualTo(GrantRevocations.FAILED);
        assertThat(events(t[0], "elevation.revocation-failed")).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("failure");
            assertThat(e.reason()).contains(b.nodeId());
        });
        assertThat(awaitAlert("access-request/" + id)).containsEntry("kind", "revocation-failed")
                .containsEntry("severity", "critical");
        revocations.sweep();
        assertThat(events(t[0], "elevation.revocation-failed")).as("ledgered once").hasSize(1);
        // The access report counts a grant whose end is not confirmed as not revoked on time.
        mvc.perform(as(get("/api/v1/tenants/" + t[0] + "/access-report"), officer.token())).andExpect(status().isOk())
                .andExpect(jsonPath("$.revokedOnTime.late").value(1))
                .andExpect(jsonPath("$.revokedOnTime.onTime").value(0));

        // Within its staleness bound node B still holds its old view...
        assertThat(b.inForce(id, clock.instant())).isTrue();
        // ...but once that view is older than the bound, its next lookup reads the store first: the grant is gone.
        nodeBTicker.addAndGet(revocation.maxStaleness().toNanos() + 1);
        assertThat(b.find(engineer.account(), tenant, Permission.RECORDS_READ, null, clock.instant())).isEmpty();

        // The late confirmation is still taken, and says so.
        b.poll(true);
        awaitRevocation(id, GrantRevocations.REVOKED);
        assertThat(events(t[0], "elevation.revocation-confirmed")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("after the deadline"));
    }

    @Test
    void aNodeThatCannotReadTheStoreHonoursNoGrant() throws Exception {
        String[] t = tenantWithRecord("baseline");
        breakGlass(t[0]);
        GrantIndex b = new GrantIndex(org.springframework.jdbc.core.simple.JdbcClient.create(
                new org.springframework.jdbc.datasource.SimpleDriverDataSource()), instants, affiliations, revocation,
                clock, nodeBTicker::get, "node-unreachable");
        assertThat(b.find(engineer.account(), new TenantId(t[0]), Permission.RECORDS_READ, null, clock.instant()))
                .isEmpty();
    }

    @Test
    void aDownloadUnderAGrantStopsWhenTheGrantEnds() throws Exception {
        String[] t = tenantWithRecord("baseline");
        TenantId tenant = new TenantId(t[0]);
        String app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "uploader").token();
        byte[] content = new byte[4 * 1024 * 1024];
        new java.util.SplittableRandom(7).nextBytes(content);
        mvc.perform(as(put("/api/v1/tenants/" + t[0] + "/blobs/dump").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .content(content), app)).andExpect(status().isCreated());
        String id = breakGlass(t[0]);

        Blobs.OpenBlob blob = blobs.open(engineer.caller(), tenant, "dump");
        try (InputStream in = blob.content()) {
            byte[] first = in.readNBytes(64 * 1024);
            assertThat(first).hasSize(64 * 1024);
            revoke(id);
            Thread.sleep(150); // a little over the records gate's check interval for streams
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining(id);
        }
        // And a new download is refused outright.
        assertThatThrownBy(() -> blobs.open(engineer.caller(), tenant, "dump"))
                .hasMessageContaining("Denied");
    }
}
