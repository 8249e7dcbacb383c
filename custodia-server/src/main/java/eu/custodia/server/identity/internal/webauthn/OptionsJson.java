package eu.custodia.server.identity.internal.webauthn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import tools.jackson.databind.JsonNode;

/**
 * Options read back from the JSON that was sent to the browser (Spring Security writes them with its Jackson
 * module but has no reader). Only the server wrote this JSON; it is kept in the database between the two
 * requests of a ceremony. Everything the relying party verifies against is restored: the relying party,
 * the user handle, the challenge, the accepted algorithms, user verification and the allowed credentials.
 */
final class OptionsJson {

    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384,
            PublicKeyCredentialParameters.ES512, PublicKeyCredentialParameters.RS256,
            PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512);

    private OptionsJson() {
    }

    static PublicKeyCredentialCreationOptions creation(JsonNode node) {
        JsonNode rp = node.path("rp");
        JsonNode user = node.path("user");
        List<PublicKeyCredentialParameters> algorithms = new ArrayList<>();
        for (JsonNode p : node.path("pubKeyCredParams").values()) {
            long alg = p.path("alg").asLong();
            ALGORITHMS.stream().filter(a -> a.getAlg().getValue() == alg).findFirst().ifPresent(algorithms::add);
        }
        JsonNode selection = node.path("authenticatorSelection");
        return PublicKeyCredentialCreationOptions.builder()
                .rp(PublicKeyCredentialRpEntity.builder().id(text(rp, "id")).name(text(rp, "name")).build())
                .user(ImmutablePublicKeyCredentialUserEntity.builder().id(Bytes.fromBase64(text(user, "id")))
                        .name(text(user, "name")).displayName(user.path("displayName").asString(null)).build())
                .challenge(Bytes.fromBase64(text(node, "challenge")))
                .pubKeyCredParams(algorithms)
                .timeout(Duration.ofMillis(node.path("timeout").asLong(0)))
                .excludeCredentials(descriptors(node.path("excludeCredentials")))
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .userVerification(userVerification(selection.path("userVerification").asString(null)))
                        .residentKey(selection.has("residentKey")
                                ? ResidentKeyRequirement.valueOf(selection.path("residentKey").asString()) : null)
                        .build())
                .build();
    }

    static PublicKeyCredentialRequestOptions request(JsonNode node) {
        return PublicKeyCredentialRequestOptions.builder()
                .challenge(Bytes.fromBase64(text(node, "challenge")))
                .rpId(text(node, "rpId"))
                .timeout(Duration.ofMillis(node.path("timeout").asLong(0)))
                .allowCredentials(descriptors(node.path("allowCredentials")))
                .userVerification(userVerification(node.path("userVerification").asString(null)))
                .build();
    }

    private static List<PublicKeyCredentialDescriptor> descriptors(JsonNode array) {
        List<PublicKeyCredentialDescriptor> list = new ArrayList<>();
        for (JsonNode d : array.values()) {
            List<AuthenticatorTransport> transports = new ArrayList<>();
            for (JsonNode t : d.path("transports").values()) {
                transports.add(AuthenticatorTransport.valueOf(t.asString()));
            }
            list.add(PublicKeyCredentialDescriptor.builder().id(Bytes.fromBase64(text(d, "id")))
                    .transports(transports.toArray(AuthenticatorTransport[]::new)).build());
        }
        return list;
    }

    private static UserVerificationRequirement userVerification(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "required" -> UserVerificationRequirement.REQUIRED;
            case "discouraged" -> UserVerificationRequirement.DISCOURAGED;
            default -> UserVerificationRequirement.PREFERRED;
        };
    }

    private static String text(JsonNode node, String field) {
        return Objects.requireNonNull(node.path(field).asString(null), field);
    }
}
