/**
 * Brute-force and enumeration defences of sign-in.
 *
 * <p>{@link eu.custodia.server.identity.internal.throttle.SignInThrottle} counts failures per account and per
 * client address, with separate counters for passwords and for second factors, and answers each attempt with a
 * {@link eu.custodia.server.identity.internal.throttle.Verdict}: proceed, wait (growing delays), or locked (the
 * person is told, in English and Italian, when to try again). The numbers are a
 * {@link eu.custodia.server.identity.internal.throttle.ThrottlePolicy}. Counters are keyed by SHA-256 and kept
 * the same way for unknown usernames as for known ones.
 *
 * <p>{@link eu.custodia.server.identity.internal.throttle.EqualTimeResponder} gives failure answers a minimum
 * duration, on top of the dummy password verification for unknown usernames, so that known and unknown
 * usernames get the same answer in statistically the same time.
 */
package eu.custodia.server.identity.internal.throttle;
