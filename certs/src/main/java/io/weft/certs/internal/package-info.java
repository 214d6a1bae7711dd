/**
 * Not API: how certificates are built (CertificateBuilders), which keys are allowed (KeyPolicy), how a
 * request is checked (CsrChecks), SAN handling, signature algorithm choice and the CA directory layout
 * (CaFiles). Used by {@link io.weft.certs}; may change without notice.
 */
@NonNullByDefault
package io.weft.certs.internal;

import io.weft.common.annotation.NonNullByDefault;
