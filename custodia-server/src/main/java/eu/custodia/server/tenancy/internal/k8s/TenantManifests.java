package eu.custodia.server.tenancy.internal.k8s;

import eu.custodia.server.platform.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A tenant's Kubernetes manifests for compute and network isolation (the strict profile), as plain maps and
 * as multi-document YAML. Pure: no I/O, no clock, the same tenant and settings always give the same bytes.
 *
 * <ul>
 *   <li>a Namespace enforcing, auditing and warning on Pod Security {@code restricted};
 *   <li>a NetworkPolicy denying all ingress and egress to every pod of the namespace;
 *   <li>a NetworkPolicy admitting ingress only from the ingress gateway;
 *   <li>optionally a NetworkPolicy allowing DNS queries to the cluster DNS, the only egress;
 *   <li>a ResourceQuota (no LoadBalancer or NodePort services) and a LimitRange (container defaults);
 *   <li>the namespace's {@code default} ServiceAccount without token automount.
 * </ul>
 */
public final class TenantManifests {

    /** A DNS-1123 label: what a namespace name must be. */
    static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final String TENANT_LABEL = "custodia.eu/tenant";
    static final String PROFILE_LABEL = "custodia.eu/policy-profile";
    private static final String RESTRICTED = "restricted";

    private final TenantK8sProperties properties;

    public TenantManifests(TenantK8sProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /** The tenant's namespace name: the configured prefix and the tenant id, a DNS-1123 label of at most 63. */
    public String namespace(TenantId tenant) {
        String name = properties.namespacePrefix() + tenant.value();
        if (!DNS_1123_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("not a DNS-1123 label of at most 63 characters: " + name);
        }
        return name;
    }

    /**
     * The tenant's manifests, in the order they are applied (the Namespace first).
     *
     * @param tenant the tenant
     * @param policyProfile its contract's policy profile, {@code strict} or {@code baseline}, kept as a label
     */
    public List<Manifest> render(TenantId tenant, String policyProfile) {
        if (!"strict".equals(policyProfile) && !"baseline".equals(policyProfile)) {
            throw new IllegalArgumentException("policy profile must be strict or baseline");
        }
        String namespace = namespace(tenant);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "custodia");
        labels.put(TENANT_LABEL, tenant.value());
        labels.put(PROFILE_LABEL, policyProfile);

        List<Manifest> manifests = new ArrayList<>();
        manifests.add(namespaceManifest(namespace, labels));
        manifests.add(networkPolicy(namespace, labels, "default-deny-all", List.of("Ingress", "Egress"), null, null));
        manifests.add(networkPolicy(namespace, labels, "allow-ingress-from-gateway", List.of("Ingress"),
                List.of(Map.of("from", List.of(gatewayPeer()))), null));
        if (properties.dnsEgress()) {
            manifests.add(networkPolicy(namespace, labels, "allow-dns-egress", List.of("Egress"), null,
                    List.of(dnsRule())));
        }
        manifests.add(resourceQuota(namespace, labels));
        manifests.add(limitRange(namespace, labels));
        manifests.add(serviceAccount(namespace, labels));
        return List.copyOf(manifests);
    }

    /** The manifests as one multi-document YAML stream, each document starting with {@code ---}. */
    public static String yaml(List<Manifest> manifests) {
        return yaml().dumpAll(manifests.stream().map(m -> (Object) m.body()).iterator());
    }

    /** One manifest as a YAML document starting with {@code ---}. */
    public static String yaml(Manifest manifest) {
        return yaml(List.of(manifest));
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setExplicitStart(true);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        return new Yaml(options);
    }

    private static Manifest namespaceManifest(String namespace, Map<String, String> common) {
        Map<String, String> labels = new LinkedHashMap<>(common);
        labels.put("kubernetes.io/metadata.name", namespace);
        for (String mode : List.of("enforce", "audit", "warn")) {
            labels.put("pod-security.kubernetes.io/" + mode, RESTRICTED);
            labels.put("pod-security.kubernetes.io/" + mode + "-version", "latest");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", namespace);
        metadata.put("labels", labels);
        return manifest("v1", "Namespace", metadata, Map.of());
    }

    private static Manifest networkPolicy(String namespace, Map<String, String> labels, String name,
            List<String> policyTypes, List<Map<String, Object>> ingress, List<Map<String, Object>> egress) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", new LinkedHashMap<>());
        spec.put("policyTypes", policyTypes);
        if (ingress != null) {
            spec.put("ingress", ingress);
        }
        if (egress != null) {
            spec.put("egress", egress);
        }
        return manifest("networking.k8s.io/v1", "NetworkPolicy", metadata(name, namespace, labels), spec);
    }

    private Map<String, Object> gatewayPeer() {
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("namespaceSelector", Map.of("matchLabels", properties.ingress().namespaceLabels()));
        Map<String, String> pods = properties.ingress().podLabels();
        if (!pods.isEmpty()) {
            // In the same peer as the namespace selector: both must match.
            peer.put("podSelector", Map.of("matchLabels", pods));
        }
        return peer;
    }

    private static Map<String, Object> dnsRule() {
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "kube-system")));
        peer.put("podSelector", Map.of("matchLabels", Map.of("k8s-app", "kube-dns")));
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("to", List.of(peer));
        rule.put("ports", List.of(port("UDP"), port("TCP")));
        return rule;
    }

    private static Map<String, Object> port(String protocol) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("protocol", protocol);
        port.put("port", 53);
        return port;
    }

    private Manifest resourceQuota(String namespace, Map<String, String> labels) {
        TenantK8sProperties.Quota quota = properties.quota();
        Map<String, String> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", quota.requestsCpu());
        hard.put("requests.memory", quota.requestsMemory());
        hard.put("limits.cpu", quota.limitsCpu());
        hard.put("limits.memory", quota.limitsMemory());
        hard.put("pods", quota.pods());
        hard.put("persistentvolumeclaims", quota.persistentVolumeClaims());
        hard.put("services.loadbalancers", "0");
        hard.put("services.nodeports", "0");
        return manifest("v1", "ResourceQuota", metadata("tenant-quota", namespace, labels), Map.of("hard", hard));
    }

    private Manifest limitRange(String namespace, Map<String, String> labels) {
        TenantK8sProperties.Limits limits = properties.limits();
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("type", "Container");
        container.put("default", resources(limits.defaultCpu(), limits.defaultMemory()));
        container.put("defaultRequest", resources(limits.defaultRequestCpu(), limits.defaultRequestMemory()));
        return manifest("v1", "LimitRange", metadata("tenant-limits", namespace, labels),
                Map.of("limits", List.of(container)));
    }

    private static Map<String, String> resources(String cpu, String memory) {
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("cpu", cpu);
        resources.put("memory", memory);
        return resources;
    }

    private static Manifest serviceAccount(String namespace, Map<String, String> labels) {
        // The namespace's "default" account: pods naming no account run as it, so it is the one to close.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "v1");
        body.put("kind", "ServiceAccount");
        body.put("metadata", metadata("default", namespace, labels));
        body.put("automountServiceAccountToken", false);
        return new Manifest("ServiceAccount", "default", body);
    }

    private static Map<String, Object> metadata(String name, String namespace, Map<String, String> labels) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.put("labels", new LinkedHashMap<>(labels));
        return metadata;
    }

    private static Manifest manifest(String apiVersion, String kind, Map<String, Object> metadata,
            Map<String, Object> spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", apiVersion);
        body.put("kind", kind);
        body.put("metadata", metadata);
        if (!spec.isEmpty()) {
            body.put("spec", spec);
        }
        return new Manifest(kind, (String) metadata.get("name"), body);
    }
}
