/**
 * The mesh PKI that the control plane (issuer) and the sidecars (requesters and verifiers) share.
 *
 * <p>Data flow of one certificate:
 * <pre>
 *  sidecar                                   control plane
 *  1. KeyPairs.generateEc()        (key never leaves the sidecar)
 *  2. CertificateSigningRequests.create(keyPair, SpiffeId)  --csr PEM-->
 *                                            3. CertificateAuthority.issue(csrPem, entitledService, ttl)
 *                                               checks the request (CsrChecks) and signs a leaf with
 *                                               the intermediate (CertificateBuilders)
 *                         &lt;--IssuedCertificate.chain() + CertificateAuthority.trustBundle()--
 *  4. on every handshake: SpiffeTrustManager -&gt; PeerVerifier.verify(chain, now) -&gt; peer's SpiffeId
 * </pre>
 *
 * <p>Root rotation: {@link io.weft.certs.CertificateAuthority#rotateRoot()} makes a new root and
 * intermediate, cross-signs the new root with the old one and trusts both; peers receive the two-root
 * {@link io.weft.certs.TrustBundle}; {@link io.weft.certs.CertificateAuthority#retirePreviousRoots()} ends
 * the overlap.
 *
 * <p>Everything here is immutable and thread-safe. Key generation and file IO block and belong on a
 * blocking executor; verification does neither and may run on an event loop. Errors name the value and
 * the expectation, and rejections are typed ({@link io.weft.certs.CertificateIssuanceException},
 * {@link io.weft.certs.PeerVerificationException}).
 */
@NonNullByDefault
package io.weft.certs;

import io.weft.common.annotation.NonNullByDefault;
