package eu.custodia.server.records;

import static eu.custodia.server.identity.SecurityAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import eu.custodia.server.identity.Accounts;
import eu.custodia.server.identity.ApiKeys;
import eu.custodia.server.identity.Caller;
import eu.custodia.server.identity.RecordingLedger;
import eu.custodia.server.identity.Roles;
import eu.custodia.server.identity.TestAdministrators;
import eu.custodia.server.platform.TenantId;
import eu.custodia.server.tenancy.TenantCommands;
import eu.custodia.server.tenancy.TestTenants;
import eu.custodia.server.testing.CustodiaTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Blobs streamed in and out, sealed with the tenant's streaming AEAD: the bytes come back identical, the file
 * on disk holds no plaintext, versions work like records, the size limit stores nothing, and the attacks: a
 * sealed file moved to another blob or tenant, a flipped byte in a later segment, another tenant's key.
 */
@CustodiaTest
@TestPropertySource(properties = "custodia.records.max-blob-size=3MB")
class BlobsHttpTest {

    private static final Caller SYSTEM = new Caller("system", "system", Set.of(), null, List.of());

    @Autowired
    WebApplicationContext context;
    @Autowired
    Accounts accounts;
    @Autowired
    ApiKeys keys;
    @Autowired
    Clock clock;
    @Autowired
    TenantCommands tenants;
    @Autowired
    RecordingLedger ledger;
    @Autowired
    BlobFiles files;
    @Autowired
    Blobs blobs;

    MockMvc mvc;
    TestAdministrators.Admin admin;
    TenantId tenant;
    String app;
    Caller appCaller;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        admin = TestAdministrators.create(accounts, keys, clock);
        tenant = newTenant();
        app = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), tenant, "saas application").token();
        appCaller = keys.authenticate(app).orElseThrow();
    }

    private TenantId newTenant() {
        return TestTenants.create(tenants, admin.caller(), "Blobs S.r.l.", "baseline");
    }

    private static String blob(TenantId t, String id) {
        return "/api/v1/tenants/" + t + "/blobs/" + id;
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    /** 2.5 MB: three 1 MB segments, the last partial; a recognisable marker repeated through it. */
    private static byte[] content(long seed) {
        byte[] bytes = new byte[2_500_000];
        new SplittableRandom(seed).nextBytes(bytes);
        byte[] marker = "CONFIDENTIAL-CONTRACT-TEXT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int at = 0; at + marker.length < bytes.length; at += 100_000) {
            System.arraycopy(marker, 0, bytes, at, marker.length);
        }
        return bytes;
    }

    @Test
    void uploadAndDownloadWhenStreamedThenIdenticalBytesSealedOnDiskAndVersioned() throws Exception {
        byte[] v1 = content(1);
        mvc.perform(as(put(blob(tenant, "contract.pdf")).contentType("application/pdf").content(v1), app))
                .andExpect(status().isCreated()).andExpect(header().string("ETag", "\"1\""))
                .andExpect(jsonPath("$.size").value(v1.length)).andExpect(jsonPath("$.contentType").value("application/pdf"));
        var download = mvc.perform(as(get(blob(tenant, "contract.pdf")), app)).andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"1\"")).andExpect(header().string("Content-Type", "application/pdf"))
                .andReturn().getResponse();
        assertThat(download.getContentAsByteArray()).isEqualTo(v1);

        Path sealed = files.file(tenant, "contract.pdf", 1);
        byte[] onDisk = Files.readAllBytes(sealed);
        assertThat(onDisk.length).isGreaterThan(v1.length);
        assertThat(new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("CONFIDENTIAL");

        byte[] v2 = content(2);
        mvc.perform(as(put(blob(tenant, "contract.pdf")).contentType("application/pdf").content(v2), app))
                .andExpect(problem("precondition-required", 428));
        mvc.perform(as(put(blob(tenant, "contract.pdf")).contentType("application/pdf").content(v2)
                .header("If-Match", "\"1\""), app)).andExpect(status().isOk()).andExpect(header().string("ETag", "\"2\""));
        assertThat(sealed).doesNotExist();
        mvc.perform(as(put(blob(tenant, "contract.pdf")).content(v1).header("If-Match", "\"1\""), app))
                .andExpect(problem("precondition-failed", 412));
        assertThat(mvc.perform(as(get(blob(tenant, "contract.pdf")), app)).andReturn().getResponse()
                .getContentAsByteArray()).isEqualTo(v2);
        mvc.perform(as(get(blob(tenant, "contract.pdf") + "/metadata"), app)).andExpect(jsonPath("$.version").value(2));

        mvc.perform(as(delete(blob(tenant, "contract.pdf")).header("If-Match", "\"2\""), app)).andExpect(status().isNoContent());
        mvc.perform(as(get(blob(tenant, "contract.pdf")), app)).andExpect(problem("not-found", 404));
        assertThat(files.file(tenant, "contract.pdf", 2)).doesNotExist();

        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.target().endsWith("/blobs/contract.pdf")).extracting(e -> e.action())
                .containsSubsequence("blob.created", "blob.read", "blob.updated", "blob.read", "blob.deleted");
    }

    @Test
    void uploadWhenLargerThanTheLimitThen413AndNothingStored() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 1];
        mvc.perform(as(put(blob(tenant, "big.bin")).content(big), app)).andExpect(problem("blob-too-large", 413));
        // Without a Content-Length the limit stops the stream itself.
        assertThatThrownBy(() -> blobs.write(appCaller, tenant, "big.bin", "application/octet-stream",
                new ByteArrayInputStream(big), -1, Precondition.NONE))
                .hasMessageContaining("at most");
        assertThat(files.tenantDir(tenant)).satisfiesAnyOf(dir -> assertThat(dir).doesNotExist(),
                dir -> assertThat(dir).isEmptyDirectory());
        mvc.perform(as(get(blob(tenant, "big.bin") + "/metadata"), app)).andExpect(problem("not-found", 404));
        mvc.perform(as(put(blob(tenant, "x")).contentType("*/*").content(new byte[1]), app))
                .andExpect(problem("validation", 400));
        mvc.perform(as(put(blob(tenant, "bad|id")).content(new byte[1]), app)).andExpect(problem("invalid-name", 400));
    }

    @Test
    void downloadWhenTheSealedFileWasMovedOrAlteredOrTheKeyIsAnotherTenantsThenRefused() throws Exception {
        byte[] a = content(3);
        mvc.perform(as(put(blob(tenant, "a")).content(a), app)).andExpect(status().isCreated());
        mvc.perform(as(put(blob(tenant, "b")).content(content(4)), app)).andExpect(status().isCreated());
        TenantId other = newTenant();
        String otherApp = keys.create(SYSTEM, Set.of(Roles.TENANT_MEMBER), other, "other").token();
        mvc.perform(as(get(blob(tenant, "a")), otherApp)).andExpect(problem("forbidden", 403));

        // A's sealed file copied over B's: refused before the first byte.
        Files.copy(files.file(tenant, "a", 1), files.file(tenant, "b", 1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        mvc.perform(as(get(blob(tenant, "b")), app)).andExpect(problem("integrity-failure", 500));
        // Another tenant's sealed file under this tenant's name: refused too.
        mvc.perform(as(put(blob(other, "a")).content(a), otherApp)).andExpect(status().isCreated());
        Path ours = files.file(tenant, "a", 1);
        byte[] original = Files.readAllBytes(ours);
        Files.copy(files.file(other, "a", 1), ours, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        mvc.perform(as(get(blob(tenant, "a")), app)).andExpect(problem("integrity-failure", 500));

        // A byte flipped in the second segment: the stream fails there, never yields altered bytes.
        byte[] flipped = original.clone();
        flipped[1_500_000] ^= 0x01;
        Files.write(ours, flipped);
        Blobs.OpenBlob open = blobs.open(appCaller, tenant, "a");
        byte[] got = new byte[a.length];
        int[] read = {0};
        assertThatThrownBy(() -> {
            try (InputStream in = open.content()) {
                int n;
                while ((n = in.read(got, read[0], got.length - read[0])) > 0) {
                    read[0] += n;
                }
            }
        }).isInstanceOf(IOException.class);
        assertThat(read[0]).isLessThan(a.length);
        assertThat(Arrays.copyOf(got, read[0])).isEqualTo(Arrays.copyOf(a, read[0]));

        assertThat(ledger.events()).filteredOn(e -> tenant.equals(e.tenant()))
                .filteredOn(e -> e.action().equals("blob.integrity-failed")).hasSize(2);
    }

    @Test
    void listWhenManyBlobsThenPagesInIdOrder() throws Exception {
        for (String id : List.of("e", "a", "c", "b", "d")) {
            mvc.perform(as(put(blob(tenant, id)).content(new byte[] {1}), app)).andExpect(status().isCreated());
        }
        mvc.perform(as(get("/api/v1/tenants/" + tenant + "/blobs").param("limit", "2"), app))
                .andExpect(jsonPath("$.items[0].id").value("a")).andExpect(jsonPath("$.items[1].id").value("b"))
                .andExpect(jsonPath("$.next").isNotEmpty());
        Blobs.BlobPage page = blobs.list(appCaller, tenant, null, 3);
        Blobs.BlobPage last = blobs.list(appCaller, tenant, page.nextCursor(), 3);
        assertThat(last.blobs()).extracting(BlobInfo::id).containsExactly("d", "e");
        assertThat(last.nextCursor()).isNull();
    }
}
