/**
 * Time-based one-time passwords (RFC 6238) and recovery codes for the second factor of people.
 *
 * <p>{@link eu.custodia.server.identity.internal.totp.Totp} is the kernel: HOTP (RFC 4226) over a time step,
 * verified against the current step and its neighbours, with the replay rule that a step once accepted (and
 * every earlier step) can never be accepted again for the same factor. The kernel is pure: it holds no state
 * and does no I/O. The caller stores, per factor, the last consumed step and consumes a step with one atomic
 * conditional update; see {@link eu.custodia.server.identity.internal.totp.Totp#verify}.
 *
 * <p>Enrolment shows the secret as an {@code otpauth://} URI
 * ({@link eu.custodia.server.identity.internal.totp.OtpAuthUri}) and as a QR code of that URI
 * ({@link eu.custodia.server.identity.internal.totp.QrCodeSvg}).
 * {@link eu.custodia.server.identity.internal.totp.RecoveryCodes} issues ten single-use codes, stored hashed.
 */
@org.springframework.modulith.NamedInterface("totp")
package eu.custodia.server.identity.internal.totp;
