package io.weft.controlplane.api;

import static java.util.Objects.requireNonNull;

import java.util.function.LongSupplier;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.annotation.Description;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.ProducesJson;

import io.weft.controlplane.snapshot.SnapshotCache;
import io.weft.controlplane.stream.SessionRegistry;

/** The status endpoints. Annotated so {@code /docs} lists them. */
public final class MeshStatusService {

    private final SnapshotCache cache;
    private final SessionRegistry sessions;
    private final LongSupplier watchErrors;

    public MeshStatusService(SnapshotCache cache, SessionRegistry sessions, LongSupplier watchErrors) {
        this.cache = requireNonNull(cache, "cache");
        this.sessions = requireNonNull(sessions, "sessions");
        this.watchErrors = requireNonNull(watchErrors, "watchErrors");
    }

    @Get("/api/v1/mesh")
    @ProducesJson
    @Description("The current snapshot (version, staleness, services, instances, intentions) and the " +
                 "connected sidecars with their identities, certificate expiry and ACKed versions.")
    public MeshStatus mesh() {
        return MeshStatus.of(cache.current(), cache.isReady(), cache.isStale(), cache.lastContact(),
                                 watchErrors.getAsLong(), sessions.views());
    }

    @Get("/healthz")
    @Description("200 while the process runs.")
    public HttpResponse healthz() {
        return HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok");
    }

    @Get("/readyz")
    @Description("200 once the CA is loaded and the first snapshot is built from Consul, else 503.")
    public HttpResponse readyz() {
        if (cache.isReady()) {
            return HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8,
                                   "ready: snapshot v" + cache.current().version() +
                                   (cache.isStale() ? " (stale: Consul unreachable)" : ""));
        }
        return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8,
                               "not ready: waiting for the first snapshot from Consul");
    }
}
