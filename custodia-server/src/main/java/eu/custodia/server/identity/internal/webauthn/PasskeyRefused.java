package eu.custodia.server.identity.internal.webauthn;

import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.InconsistentClientDataTypeException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;

/**
 * A WebAuthn answer refused: malformed, or not verifiable against the options it answers. The message says
 * why for a person, without key material; webauthn4j's and Spring's exceptions stop here.
 */
public final class PasskeyRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PasskeyRefused(String message) {
        super(message);
    }

    /** The refusal for what the relying party threw. */
    static PasskeyRefused because(RuntimeException e) {
        return new PasskeyRefused(reason(e));
    }

    private static String reason(RuntimeException e) {
        if (e instanceof BadChallengeException) {
            return "the answer is for another challenge (a replay, or another ceremony's)";
        }
        if (e instanceof BadSignatureException) {
            return "the signature does not verify";
        }
        if (e instanceof BadOriginException) {
            return "the answer comes from an origin that is not allowed";
        }
        if (e instanceof BadRpIdException) {
            return "the answer is for another relying party";
        }
        if (e instanceof InconsistentClientDataTypeException) {
            return "the client data is of the wrong type (registration and sign-in answers are not interchangeable)";
        }
        if (e instanceof NotAllowedCredentialIdException) {
            return "the passkey is not one of this account's";
        }
        if (e instanceof NotAllowedAlgorithmException) {
            return "the passkey uses an algorithm that is not accepted";
        }
        if (e instanceof UserNotPresentException || e instanceof UserNotVerifiedException) {
            return "the authenticator did not confirm the user's presence or verification";
        }
        if (e instanceof MaliciousCounterValueException) {
            return "the signature counter went backwards (a cloned authenticator?)";
        }
        if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("already exists")) {
            return "this passkey is already registered";
        }
        if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("Unable to find")) {
            return "the passkey is unknown";
        }
        return "the answer could not be verified (" + e.getClass().getSimpleName() + ")";
    }
}
