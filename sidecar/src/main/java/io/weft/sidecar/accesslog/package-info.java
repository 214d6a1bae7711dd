/**
 * Access logs: one JSON line per request and hop ({@link io.weft.sidecar.accesslog.AccessLogEntry}),
 * written by {@link io.weft.sidecar.accesslog.AccessLog}. The request's thread only offers the entry to a
 * bounded queue; a writer thread ("weft-access-log") renders and writes the lines, flushing when the
 * queue runs dry. A full queue drops the entry and counts it ({@code weft_access_log_dropped_total}), so
 * a slow disk or a blocked stdout never holds a request.
 */
@NonNullByDefault
package io.weft.sidecar.accesslog;

import io.weft.common.annotation.NonNullByDefault;
