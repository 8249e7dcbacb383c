package eu.custodia.server.tenancy.internal.k8s;

import java.util.Map;
import java.util.Objects;

/**
 * One Kubernetes object as rendered: its kind, its name and its whole content, ready for YAML.
 *
 * @param kind the object's kind, e.g. {@code NetworkPolicy}
 * @param name the object's {@code metadata.name}
 * @param body the object, {@code apiVersion} first
 */
public record Manifest(String kind, String name, Map<String, Object> body) {

    public Manifest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    /** The file it is written to with {@code --out}: its position, kind and name, e.g. {@code 02-networkpolicy-default-deny-all.yaml}. */
    String fileName(int position) {
        return String.valueOf(100 + position).substring(1) + "-" + kind.toLowerCase(java.util.Locale.ROOT) + "-"
                + name + ".yaml";
    }
}
