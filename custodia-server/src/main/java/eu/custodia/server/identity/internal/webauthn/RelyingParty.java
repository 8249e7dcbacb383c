package eu.custodia.server.identity.internal.webauthn;

import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.AuthenticatorAssertionResponse;
import org.springframework.security.web.webauthn.api.AuthenticatorAttestationResponse;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredential;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutablePublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WebAuthn relying party: Spring Security's {@link Webauthn4JRelyingPartyOperations} (webauthn4j) over its
 * JDBC repositories ({@code user_entities}, {@code user_credentials}), without Spring Security's WebAuthn
 * filters (sessions are Custodia's own). A user entity's name is the account id, its display name the
 * username. Options go out as JSON and come back as that JSON ({@link OptionsJson}), so what is verified is
 * exactly what was sent. Every refusal, whatever webauthn4j or Spring threw, is a {@link PasskeyRefused} (a
 * database failure stays what it is).
 * Configured by {@code custodia.identity.webauthn.rp-id} and {@code custodia.identity.webauthn.origins}.
 */
@Component
public final class RelyingParty {

    /** The relying party's name, shown by authenticators. */
    public static final String NAME = "Custodia";

    private static final TypeReference<PublicKeyCredential<AuthenticatorAttestationResponse>> ATTESTATION =
            new TypeReference<>() { };
    private static final TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse>> ASSERTION =
            new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JdbcPublicKeyCredentialUserEntityRepository users;
    private final JdbcUserCredentialRepository credentials;
    private final Webauthn4JRelyingPartyOperations operations;
    private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();
    private final String rpId;

    RelyingParty(JdbcClient jdbc, JdbcOperations operations,
            @Value("${custodia.identity.webauthn.rp-id:localhost}") String rpId,
            @Value("${custodia.identity.webauthn.origins:https://localhost:8443}") Set<String> origins) {
        this.jdbc = jdbc;
        this.rpId = rpId;
        this.users = new JdbcPublicKeyCredentialUserEntityRepository(operations);
        this.credentials = new JdbcUserCredentialRepository(operations);
        PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder().id(rpId).name(NAME).build();
        this.operations = new Webauthn4JRelyingPartyOperations(users, credentials, rp, Set.copyOf(origins));
    }

    /** The relying party id (the site's registrable domain, or {@code localhost}). */
    public String rpId() {
        return rpId;
    }

    /**
     * Creation options for a new passkey of {@code accountId}, as JSON; creates the account's user entity
     * (a random 32-byte user handle) on first use. Its existing passkeys are listed as excluded.
     */
    public String creationOptions(String accountId, String displayName) {
        String shown = displayName.codePointCount(0, displayName.length()) > 200
                ? displayName.substring(0, displayName.offsetByCodePoints(0, 200)) : displayName;
        if (users.findByUsername(accountId) == null) {
            PublicKeyCredentialUserEntity user = ImmutablePublicKeyCredentialUserEntity.builder().name(accountId)
                    .displayName(shown).id(Bytes.random()).build();
            // The unique index on name makes this safe against two first requests at once.
            jdbc.sql("INSERT INTO user_entities (id, name, display_name) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO NOTHING")
                    .params(user.getId().toBase64UrlString(), accountId, shown).update();
        }
        PublicKeyCredentialCreationOptions options = operations.createPublicKeyCredentialCreationOptions(
                new ImmutablePublicKeyCredentialCreationOptionsRequest(account(accountId)));
        return write(options);
    }

    /**
     * Verifies a registration answer against the creation options sent (their JSON) and stores the passkey.
     *
     * @throws PasskeyRefused for a malformed answer or one that does not verify (wrong challenge, origin or
     *     relying party, a credential already registered, …)
     */
    public CredentialRecord register(String optionsJson, String credentialJson, String label) {
        PublicKeyCredential<AuthenticatorAttestationResponse> credential = read(credentialJson, ATTESTATION);
        AuthenticatorAttestationResponse response = credential.getResponse();
        if (credential.getRawId() == null || response == null || response.getClientDataJSON() == null
                || response.getAttestationObject() == null) {
            throw new PasskeyRefused("credential is incomplete: rawId, response.clientDataJSON and"
                    + " response.attestationObject are required");
        }
        PublicKeyCredentialCreationOptions options = OptionsJson.creation(json.readTree(optionsJson));
        try {
            return operations.registerCredential(new ImmutableRelyingPartyRegistrationRequest(options,
                    new RelyingPartyPublicKey(credential, label)));
        } catch (DataAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            throw PasskeyRefused.because(e);
        }
    }

    /** Request options naming the passkeys of {@code accountId}, as JSON. */
    public String requestOptions(String accountId) {
        PublicKeyCredentialRequestOptions options = operations.createCredentialRequestOptions(
                new ImmutablePublicKeyCredentialRequestOptionsRequest(account(accountId)));
        return write(options);
    }

    /**
     * Request options for a passwordless sign-in, as JSON: no account is known yet, so no passkey is named
     * (the browser offers the discoverable passkeys it holds for this relying party), and user verification
     * is required (a PIN or biometric on the authenticator), so the one passkey proves two factors.
     */
    public String discoverableRequestOptions() {
        PublicKeyCredentialRequestOptions options = operations.createCredentialRequestOptions(
                new ImmutablePublicKeyCredentialRequestOptionsRequest(null));
        tools.jackson.databind.node.ObjectNode node = (tools.jackson.databind.node.ObjectNode) json.readTree(write(options));
        node.putArray("allowCredentials");
        node.put("userVerification", "required");
        return json.writeValueAsString(node);
    }

    /**
     * True when the assertion's authenticator data has the user-verified flag (W3C WebAuthn Level 3 §6.1,
     * flags byte at offset 32, bit 2). Read after {@link #authenticate}, which checks the signature over it.
     */
    public static boolean userVerified(PublicKeyCredential<AuthenticatorAssertionResponse> assertion) {
        byte[] data = assertion.getResponse().getAuthenticatorData().getBytes();
        return data.length > 32 && (data[32] & 0x04) != 0;
    }

    /** The account id (user entity name) a passkey belongs to, or null. */
    public String owner(CredentialRecord credential) {
        PublicKeyCredentialUserEntity user = users.findById(credential.getUserEntityUserId());
        return user == null ? null : user.getName();
    }

    /** An assertion parsed, before it is verified. */
    public PublicKeyCredential<AuthenticatorAssertionResponse> assertion(String assertionJson) {
        PublicKeyCredential<AuthenticatorAssertionResponse> assertion = read(assertionJson, ASSERTION);
        AuthenticatorAssertionResponse response = assertion.getResponse();
        if (assertion.getRawId() == null || response == null || response.getClientDataJSON() == null
                || response.getAuthenticatorData() == null || response.getSignature() == null) {
            throw new PasskeyRefused("credential is incomplete: rawId, response.clientDataJSON,"
                    + " response.authenticatorData and response.signature are required");
        }
        return assertion;
    }

    /**
     * Verifies an assertion against the request options sent (their JSON), and returns the name of the user
     * entity it proves (an account id). Spring records the new signature count and the last use.
     *
     * @throws PasskeyRefused when it does not verify
     */
    public String authenticate(String optionsJson, PublicKeyCredential<AuthenticatorAssertionResponse> assertion) {
        PublicKeyCredentialRequestOptions options = OptionsJson.request(json.readTree(optionsJson));
        try {
            return operations.authenticate(new RelyingPartyAuthenticationRequest(options, assertion)).getName();
        } catch (DataAccessException e) {
            throw e;
        } catch (RuntimeException e) {
            throw PasskeyRefused.because(e);
        }
    }

    /** The passkeys of {@code accountId}. */
    public List<CredentialRecord> credentials(String accountId) {
        PublicKeyCredentialUserEntity user = users.findByUsername(accountId);
        return user == null ? List.of() : credentials.findByUserId(user.getId());
    }

    /** The passkey with this credential id, or null. */
    public CredentialRecord credential(Bytes credentialId) {
        return credentials.findByCredentialId(credentialId);
    }

    /** Stores a changed passkey (label, signature count, last use). */
    public void save(CredentialRecord record) {
        credentials.save(record);
    }

    /** Removes a passkey. */
    public void delete(Bytes credentialId) {
        credentials.delete(credentialId);
    }

    private <T> T read(String text, TypeReference<T> type) {
        if (text == null || text.isBlank()) {
            throw new PasskeyRefused("credential is missing");
        }
        try {
            T value = json.readValue(text, type);
            if (value == null) {
                throw new PasskeyRefused("credential is missing");
            }
            return value;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new PasskeyRefused("credential is not a WebAuthn PublicKeyCredential in JSON (binary fields"
                    + " base64url)");
        }
    }

    private String write(Object options) {
        return json.writeValueAsString(options);
    }

    /** The account as Spring's relying party wants it: an authenticated principal named by the account id. */
    private static Authentication account(String accountId) {
        return UsernamePasswordAuthenticationToken.authenticated(accountId, null, List.of());
    }
}
