package eu.custodia.server.tenancy.internal.k8s;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of {@code ./custodia tenant render-k8s} ({@code custodia.tenancy.k8s.*}). A setting that makes
 * no sense stops the command with the reason.
 *
 * @param namespacePrefix put before the tenant id to name the tenant's namespace (default {@code custodia-});
 *     lower-case letters, digits and dashes, at most 35 characters, so that the name stays a DNS-1123 label
 * @param ingress who may reach the tenant's pods
 * @param dnsEgress whether the tenant's pods may send DNS queries (port 53, UDP and TCP) to the cluster DNS
 *     pods ({@code k8s-app=kube-dns} in {@code kube-system}); the only egress allowed (default true)
 * @param quota the namespace's ResourceQuota
 * @param limits the namespace's LimitRange: each container's default limits and requests
 */
@ConfigurationProperties("custodia.tenancy.k8s")
public record TenantK8sProperties(@DefaultValue("custodia-") String namespacePrefix, @DefaultValue Ingress ingress,
        @DefaultValue("true") boolean dnsEgress, @DefaultValue Quota quota, @DefaultValue Limits limits) {

    /** The longest prefix: a tenant id has 28 characters and a namespace name at most 63. */
    static final int MAX_PREFIX = 35;
    private static final Pattern PREFIX = Pattern.compile("([a-z0-9][a-z0-9-]*)?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_PREFIX = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?");

    public TenantK8sProperties {
        Objects.requireNonNull(namespacePrefix, "namespacePrefix");
        if (namespacePrefix.length() > MAX_PREFIX || !PREFIX.matcher(namespacePrefix).matches()) {
            throw new IllegalArgumentException("custodia.tenancy.k8s.namespace-prefix must be at most " + MAX_PREFIX
                    + " lower-case letters, digits or dashes, starting with a letter or digit");
        }
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(limits, "limits");
    }

    /** The defaults, as a run without any {@code custodia.tenancy.k8s.*} setting gets them. */
    static TenantK8sProperties defaults() {
        return new TenantK8sProperties("custodia-", new Ingress("custodia.eu/role=ingress-gateway", ""), true,
                new Quota("4", "8Gi", "8", "16Gi", "50", "10"), new Limits("500m", "512Mi", "100m", "128Mi"));
    }

    /**
     * Who may reach the tenant's pods: pods matching {@code podSelector} in namespaces matching
     * {@code namespaceSelector}, both as {@code key=value[,key=value…]}.
     *
     * @param namespaceSelector labels of the ingress gateway's namespace (default
     *     {@code custodia.eu/role=ingress-gateway}); must not be empty
     * @param podSelector labels of the gateway's pods in it (default empty: any pod of those namespaces)
     */
    public record Ingress(@DefaultValue("custodia.eu/role=ingress-gateway") String namespaceSelector,
            @DefaultValue("") String podSelector) {

        public Ingress {
            if (labels(namespaceSelector, "ingress.namespace-selector").isEmpty()) {
                throw new IllegalArgumentException("custodia.tenancy.k8s.ingress.namespace-selector must not be"
                        + " empty: an empty selector would admit every namespace");
            }
            labels(podSelector, "ingress.pod-selector");
        }

        /** The namespace selector's labels, in order. */
        Map<String, String> namespaceLabels() {
            return labels(namespaceSelector, "ingress.namespace-selector");
        }

        /** The pod selector's labels, in order; empty for any pod. */
        Map<String, String> podLabels() {
            return labels(podSelector, "ingress.pod-selector");
        }
    }

    /**
     * The namespace's ResourceQuota. Services of type LoadBalancer and NodePort are always refused (0): the
     * tenant is reached only through the ingress gateway.
     *
     * @param requestsCpu total CPU requests (default {@code 4})
     * @param requestsMemory total memory requests (default {@code 8Gi})
     * @param limitsCpu total CPU limits (default {@code 8})
     * @param limitsMemory total memory limits (default {@code 16Gi})
     * @param pods pods at most (default {@code 50})
     * @param persistentVolumeClaims persistent volume claims at most (default {@code 10})
     */
    public record Quota(@DefaultValue("4") String requestsCpu, @DefaultValue("8Gi") String requestsMemory,
            @DefaultValue("8") String limitsCpu, @DefaultValue("16Gi") String limitsMemory,
            @DefaultValue("50") String pods, @DefaultValue("10") String persistentVolumeClaims) {

        public Quota {
            quantity(requestsCpu, "quota.requests-cpu");
            quantity(requestsMemory, "quota.requests-memory");
            quantity(limitsCpu, "quota.limits-cpu");
            quantity(limitsMemory, "quota.limits-memory");
            count(pods, "quota.pods");
            count(persistentVolumeClaims, "quota.persistent-volume-claims");
        }
    }

    /**
     * The defaults each container gets when it states none (LimitRange of type {@code Container}).
     *
     * @param defaultCpu CPU limit (default {@code 500m})
     * @param defaultMemory memory limit (default {@code 512Mi})
     * @param defaultRequestCpu CPU request (default {@code 100m})
     * @param defaultRequestMemory memory request (default {@code 128Mi})
     */
    public record Limits(@DefaultValue("500m") String defaultCpu, @DefaultValue("512Mi") String defaultMemory,
            @DefaultValue("100m") String defaultRequestCpu, @DefaultValue("128Mi") String defaultRequestMemory) {

        public Limits {
            quantity(defaultCpu, "limits.default-cpu");
            quantity(defaultMemory, "limits.default-memory");
            quantity(defaultRequestCpu, "limits.default-request-cpu");
            quantity(defaultRequestMemory, "limits.default-request-memory");
        }
    }

    private static void quantity(String value, String name) {
        if (value == null || !QUANTITY.matcher(value).matches()) {
            throw new IllegalArgumentException("custodia.tenancy.k8s." + name
                    + " must be a Kubernetes quantity, e.g. 500m, 2, 512Mi or 8Gi");
        }
    }

    private static void count(String value, String name) {
        if (value == null || !value.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("custodia.tenancy.k8s." + name + " must be a whole number");
        }
    }

    /** Parses {@code key=value[,key=value…]} into label names and values, checking Kubernetes' label syntax. */
    static Map<String, String> labels(String text, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return Collections.unmodifiableMap(labels);
        }
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
            String value = eq < 0 ? null : pair.substring(eq + 1).trim();
            if (value == null || !labelKey(key) || !LABEL_VALUE.matcher(value).matches() || labels.containsKey(key)) {
                throw new IllegalArgumentException("custodia.tenancy.k8s." + name + " must be key=value pairs,"
                        + " comma-separated, in Kubernetes label syntax, each key once");
            }
            labels.put(key, value);
        }
        return Collections.unmodifiableMap(labels);
    }

    private static boolean labelKey(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return LABEL_NAME.matcher(key).matches();
        }
        String prefix = key.substring(0, slash);
        return prefix.length() <= 253 && LABEL_PREFIX.matcher(prefix).matches()
                && LABEL_NAME.matcher(key.substring(slash + 1)).matches();
    }
}
