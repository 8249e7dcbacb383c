package eu.custodia.server.identity;

import com.jayway.jsonpath.JsonPath;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.client.AuthenticationExtensionClientOutput;
import com.webauthn4j.data.extension.client.RegistrationExtensionClientOutput;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser with one authenticator, emulated by webauthn4j-test (a packed-attestation authenticator behind
 * a client platform at an origin): it reads the server's options JSON as a browser's
 * {@code PublicKeyCredential.parseCreationOptionsFromJSON/parseRequestOptionsFromJSON} would, and answers
 * with the JSON of {@code PublicKeyCredential.toJSON()} (binary fields base64url without padding).
 */
public final class EmulatedAuthenticator {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClientPlatform client;

    public EmulatedAuthenticator(String origin) {
        this.client = new ClientPlatform(new Origin(origin),
                new WebAuthnAuthenticatorAdaptor(new PackedAuthenticator()));
    }

    /** At Custodia's default origin, {@code https://localhost:8443}. */
    public EmulatedAuthenticator() {
        this("https://localhost:8443");
    }

    /** The answer to creation options ({@code publicKey} of the server's answer, as JSON). */
    public String create(String optionsJson) {
        PublicKeyCredential<AuthenticatorAttestationResponse, RegistrationExtensionClientOutput> credential =
                client.create(creationOptions(optionsJson));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(credential.getResponse().getClientDataJSON()));
        response.put("attestationObject", B64.encodeToString(credential.getResponse().getAttestationObject()));
        response.put("transports", List.of("internal"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", B64.encodeToString(credential.getRawId()));
        json.put("rawId", B64.encodeToString(credential.getRawId()));
        json.put("type", "public-key");
        json.put("response", response);
        json.put("clientExtensionResults", Map.of("credProps", Map.of("rk", true)));
        json.put("authenticatorAttachment", "platform");
        return JSON.writeValueAsString(json);
    }

    /** The answer to request options ({@code publicKey} of the server's answer, as JSON). */
    public String get(String optionsJson) {
        return get(optionsJson, false);
    }

    /** The answer to request options, with one byte of the signature flipped when {@code tamper}. */
    public String get(String optionsJson, boolean tamper) {
        PublicKeyCredential<AuthenticatorAssertionResponse, AuthenticationExtensionClientOutput> credential =
                client.get(requestOptions(optionsJson));
        byte[] signature = credential.getResponse().getSignature().clone();
        if (tamper) {
            signature[signature.length / 2] ^= 0x01;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(credential.getResponse().getClientDataJSON()));
        response.put("authenticatorData", B64.encodeToString(credential.getResponse().getAuthenticatorData()));
        response.put("signature", B64.encodeToString(signature));
        if (credential.getResponse().getUserHandle() != null) {
            response.put("userHandle", B64.encodeToString(credential.getResponse().getUserHandle()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", B64.encodeToString(credential.getRawId()));
        json.put("rawId", B64.encodeToString(credential.getRawId()));
        json.put("type", "public-key");
        json.put("response", response);
        json.put("clientExtensionResults", Map.of());
        json.put("authenticatorAttachment", "platform");
        return JSON.writeValueAsString(json);
    }

    private static PublicKeyCredentialCreationOptions creationOptions(String json) {
        List<PublicKeyCredentialParameters> algorithms = new ArrayList<>();
        for (Number alg : JsonPath.<List<Number>>read(json, "$.pubKeyCredParams[*].alg")) {
            algorithms.add(new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY,
                    COSEAlgorithmIdentifier.create(alg.longValue())));
        }
        return new PublicKeyCredentialCreationOptions(
                new PublicKeyCredentialRpEntity(JsonPath.read(json, "$.rp.id"), JsonPath.read(json, "$.rp.name")),
                new PublicKeyCredentialUserEntity(UNB64.decode(JsonPath.<String>read(json, "$.user.id")),
                        JsonPath.read(json, "$.user.name"), JsonPath.read(json, "$.user.displayName")),
                new DefaultChallenge(UNB64.decode(JsonPath.<String>read(json, "$.challenge"))),
                algorithms,
                JsonPath.<Number>read(json, "$.timeout").longValue(),
                descriptors(JsonPath.read(json, "$.excludeCredentials[*].id")),
                new AuthenticatorSelectionCriteria(null,
                        ResidentKeyRequirement.create(JsonPath.read(json, "$.authenticatorSelection.residentKey")),
                        UserVerificationRequirement.create(
                                JsonPath.read(json, "$.authenticatorSelection.userVerification"))),
                AttestationConveyancePreference.create(JsonPath.read(json, "$.attestation")),
                null);
    }

    private static PublicKeyCredentialRequestOptions requestOptions(String json) {
        return new PublicKeyCredentialRequestOptions(
                new DefaultChallenge(UNB64.decode(JsonPath.<String>read(json, "$.challenge"))),
                JsonPath.<Number>read(json, "$.timeout").longValue(),
                JsonPath.read(json, "$.rpId"),
                descriptors(JsonPath.read(json, "$.allowCredentials[*].id")),
                UserVerificationRequirement.create(JsonPath.read(json, "$.userVerification")),
                null);
    }

    private static List<PublicKeyCredentialDescriptor> descriptors(List<String> ids) {
        return ids.stream().map(id -> new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY,
                UNB64.decode(id), Set.of(AuthenticatorTransport.INTERNAL))).toList();
    }
}
