package eu.custodia.server.tenancy.internal.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.custodia.server.platform.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The manifests of {@code ./custodia tenant render-k8s}, parsed back from their YAML: every isolation property
 * the strict profile relies on is checked on what a cluster would actually receive.
 */
class TenantManifestsTest {

    private static final TenantId TENANT = new TenantId("t-abcdefghijklmnopqrstuvwxyz");

    private static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            documents.add(map(document));
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Map<String, Object> at(Map<String, Object> map, String... path) {
        Map<String, Object> current = map;
        for (String key : path) {
            assertThat(current).containsKey(key);
            current = map(current.get(key));
        }
        return current;
    }

    private static Map<String, Object> only(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream().filter(d -> kind.equals(d.get("kind")))
                .filter(d -> name.equals(at(d, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static List<Map<String, Object>> render(TenantK8sProperties properties) {
        String yaml = TenantManifests.yaml(new TenantManifests(properties).render(TENANT, "strict"));
        assertThat(yaml).startsWith("---\n").doesNotContain("&id", "*id", "!!");
        return parse(yaml);
    }

    @Test
    void renderWhenDefaultsThenEveryObjectInTheTenantsNamespaceAndLabelled() {
        List<Map<String, Object>> documents = render(TenantK8sProperties.defaults());
        assertThat(documents).extracting(d -> d.get("kind")).containsExactly("Namespace", "NetworkPolicy",
                "NetworkPolicy", "NetworkPolicy", "ResourceQuota", "LimitRange", "ServiceAccount");
        for (Map<String, Object> document : documents) {
            Map<String, Object> metadata = at(document, "metadata");
            if (!"Namespace".equals(document.get("kind"))) {
                assertThat(metadata.get("namespace")).isEqualTo("custodia-" + TENANT.value());
            }
            assertThat(at(metadata, "labels")).containsEntry("custodia.eu/tenant", TENANT.value())
                    .containsEntry("custodia.eu/policy-profile", "strict");
        }
    }

    @Test
    void namespaceWhenRenderedThenPodSecurityRestrictedEnforcedAuditedAndWarned() {
        Map<String, Object> namespace = only(render(TenantK8sProperties.defaults()), "Namespace",
                "custodia-" + TENANT.value());
        assertThat(namespace.get("apiVersion")).isEqualTo("v1");
        assertThat(at(namespace, "metadata", "labels"))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/enforce-version", "latest")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("custodia.eu/tenant", TENANT.value());
    }

    @Test
    void networkPoliciesWhenRenderedThenDefaultDenyBothWaysAndOnlyTheGatewayAdmitted() {
        List<Map<String, Object>> documents = render(TenantK8sProperties.defaults());
        Map<String, Object> deny = at(only(documents, "NetworkPolicy", "default-deny-all"), "spec");
        assertThat(map(deny.get("podSelector"))).isEmpty();
        assertThat(list(deny.get("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny).doesNotContainKeys("ingress", "egress");

        List<Map<String, Object>> policies = documents.stream().filter(d -> "NetworkPolicy".equals(d.get("kind")))
                .toList();
        for (Map<String, Object> policy : policies) {
            assertThat(at(policy, "spec").get("apiVersion")).isNull();
            assertThat(policy.get("apiVersion")).isEqualTo("networking.k8s.io/v1");
            assertThat(map(at(policy, "spec").get("podSelector"))).isEmpty();
        }
        // The only ingress rule in any policy: from the gateway's namespace.
        List<Object> ingress = policies.stream().map(p -> at(p, "spec")).filter(s -> s.containsKey("ingress"))
                .flatMap(s -> list(s.get("ingress")).stream()).toList();
        assertThat(ingress).hasSize(1);
        List<Object> from = list(map(ingress.get(0)).get("from"));
        assertThat(from).hasSize(1);
        assertThat(map(from.get(0))).containsOnlyKeys("namespaceSelector");
        assertThat(at(map(from.get(0)), "namespaceSelector", "matchLabels"))
                .isEqualTo(Map.of("custodia.eu/role", "ingress-gateway"));
        assertThat(list(at(only(documents, "NetworkPolicy", "allow-ingress-from-gateway"), "spec")
                .get("policyTypes"))).containsExactly("Ingress");

        // The only egress rule: DNS to the cluster DNS pods.
        List<Object> egress = policies.stream().map(p -> at(p, "spec")).filter(s -> s.containsKey("egress"))
                .flatMap(s -> list(s.get("egress")).stream()).toList();
        assertThat(egress).hasSize(1);
        Map<String, Object> dns = map(egress.get(0));
        Map<String, Object> to = map(list(dns.get("to")).get(0));
        assertThat(at(to, "namespaceSelector", "matchLabels")).isEqualTo(Map.of("kubernetes.io/metadata.name",
                "kube-system"));
        assertThat(at(to, "podSelector", "matchLabels")).isEqualTo(Map.of("k8s-app", "kube-dns"));
        assertThat(list(dns.get("ports"))).containsExactlyInAnyOrder(Map.of("protocol", "UDP", "port", 53),
                Map.of("protocol", "TCP", "port", 53));
    }

    @Test
    void networkPoliciesWhenGatewayPodsConfiguredAndDnsOffThenBothSelectorsInOnePeerAndNoEgressAtAll() {
        TenantK8sProperties d = TenantK8sProperties.defaults();
        List<Map<String, Object>> documents = render(new TenantK8sProperties(d.namespacePrefix(),
                new TenantK8sProperties.Ingress("kubernetes.io/metadata.name=ingress-nginx",
                        "app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller"),
                false, d.quota(), d.limits()));
        assertThat(documents).noneMatch(doc -> "allow-dns-egress".equals(at(doc, "metadata").get("name")));
        assertThat(documents).noneMatch(doc -> doc.containsKey("spec") && at(doc, "spec").containsKey("egress"));
        Map<String, Object> peer = map(list(map(list(at(only(documents, "NetworkPolicy",
                "allow-ingress-from-gateway"), "spec").get("ingress")).get(0)).get("from")).get(0));
        assertThat(at(peer, "namespaceSelector", "matchLabels"))
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
        assertThat(at(peer, "podSelector", "matchLabels")).isEqualTo(Map.of("app.kubernetes.io/name",
                "ingress-nginx", "app.kubernetes.io/component", "controller"));
    }

    @Test
    void quotaAndLimitsWhenRenderedThenComputeBoundedAndNoLoadBalancerOrNodePort() {
        List<Map<String, Object>> documents = render(TenantK8sProperties.defaults());
        assertThat(at(only(documents, "ResourceQuota", "tenant-quota"), "spec", "hard"))
                .containsEntry("requests.cpu", "4").containsEntry("requests.memory", "8Gi")
                .containsEntry("limits.cpu", "8").containsEntry("limits.memory", "16Gi")
                .containsEntry("pods", "50").containsEntry("persistentvolumeclaims", "10")
                .containsEntry("services.loadbalancers", "0").containsEntry("services.nodeports", "0");
        List<Object> limits = list(at(only(documents, "LimitRange", "tenant-limits"), "spec").get("limits"));
        assertThat(limits).hasSize(1);
        Map<String, Object> container = map(limits.get(0));
        assertThat(container.get("type")).isEqualTo("Container");
        assertThat(at(container, "default")).isEqualTo(Map.of("cpu", "500m", "memory", "512Mi"));
        assertThat(at(container, "defaultRequest")).isEqualTo(Map.of("cpu", "100m", "memory", "128Mi"));
    }

    @Test
    void serviceAccountWhenRenderedThenTheDefaultAccountMountsNoToken() {
        Map<String, Object> account = only(render(TenantK8sProperties.defaults()), "ServiceAccount", "default");
        assertThat(account.get("automountServiceAccountToken")).isEqualTo(Boolean.FALSE);
    }

    @Test
    void namespaceNameWhenLongestPrefixThenADns1123LabelOfSixtyThree() {
        TenantK8sProperties d = TenantK8sProperties.defaults();
        String prefix = "a".repeat(TenantK8sProperties.MAX_PREFIX - 1) + "-";
        String name = new TenantManifests(new TenantK8sProperties(prefix, d.ingress(), true, d.quota(), d.limits()))
                .namespace(TENANT);
        assertThat(name).hasSize(63).matches(TenantManifests.DNS_1123_LABEL);
        assertThat(new TenantManifests(new TenantK8sProperties("", d.ingress(), true, d.quota(), d.limits()))
                .namespace(TENANT)).isEqualTo(TENANT.value());
        for (int i = 0; i < 50; i++) {
            assertThat(new TenantManifests(d).namespace(TenantId.random())).hasSize(37)
                    .matches(TenantManifests.DNS_1123_LABEL);
        }
    }

    @Test
    void settingsWhenPrefixTooLongOrOddOrSelectorsInvalidThenRefused() {
        TenantK8sProperties d = TenantK8sProperties.defaults();
        for (String prefix : List.of("a".repeat(TenantK8sProperties.MAX_PREFIX + 1), "Custodia-", "-x", "ns_",
                "ns.", "é-")) {
            assertThatThrownBy(() -> new TenantK8sProperties(prefix, d.ingress(), true, d.quota(), d.limits()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace-prefix");
        }
        assertThatThrownBy(() -> new TenantK8sProperties.Ingress("", "")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new TenantK8sProperties.Ingress("role", ""))
                .hasMessageContaining("namespace-selector");
        assertThatThrownBy(() -> new TenantK8sProperties.Ingress("a=b", "x=y z")).hasMessageContaining("pod-selector");
        assertThatThrownBy(() -> new TenantK8sProperties.Quota("4", "8 GB", "8", "16Gi", "50", "10"))
                .hasMessageContaining("quota.requests-memory");
        assertThatThrownBy(() -> new TenantK8sProperties.Limits("-1", "512Mi", "100m", "128Mi"))
                .hasMessageContaining("limits.default-cpu");
        // Odd tenant ids never get this far: a TenantId is t- and 26 base32 characters, nothing else.
        for (String odd : List.of("T-ABCDEFGHIJKLMNOPQRSTUVWXYZ", "t-abc", "t-" + "a".repeat(60), "../etc",
                "t-abcdefghijklmnopqrstuvwxy1")) {
            assertThat(TenantId.parseOrNull(odd)).isNull();
        }
    }

    @Test
    void renderWhenBaselineThenSameIsolationLabelledBaselineAndSameBytesEveryTime() {
        TenantManifests manifests = new TenantManifests(TenantK8sProperties.defaults());
        String baseline = TenantManifests.yaml(manifests.render(TENANT, "baseline"));
        assertThat(baseline).isEqualTo(TenantManifests.yaml(manifests.render(TENANT, "baseline")))
                .isEqualTo(TenantManifests.yaml(manifests.render(TENANT, "strict")).replace(
                        "custodia.eu/policy-profile: strict", "custodia.eu/policy-profile: baseline"));
        assertThatThrownBy(() -> manifests.render(TENANT, "lax")).isInstanceOf(IllegalArgumentException.class);
    }
}
