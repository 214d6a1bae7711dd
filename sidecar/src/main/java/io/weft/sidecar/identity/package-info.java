/**
 * This sidecar's identity: key generation (in-process, never exported), CSRs, accepting the issued
 * chain, and renewal at about half the lifetime.
 *
 * <pre>
 * 1. discovery stream connects -> IdentityManager.newCsr() (keygen on the blocking executor)
 * 2. CSR goes out on the stream; Certificate comes back -> accept(): key matched, SPIFFE ID checked
 * 3. volatile swap of Credentials -> tls.MeshTlsProvider / outbound specs use it for NEW handshakes
 * 4. renewal timer (injected clock + scheduler) -> newCsr() -> back to 2; on silence, retry later
 * </pre>
 */
@NonNullByDefault
package io.weft.sidecar.identity;

import io.weft.common.annotation.NonNullByDefault;
