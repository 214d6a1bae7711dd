package io.weft.controlplane.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

import com.linecorp.armeria.client.ClientFactory;

import io.weft.common.annotation.Nullable;
import io.weft.controlplane.snapshot.Intention;

/** Reads intentions ({@code GET /v1/connect/intentions}): consul-api has no call for them. */
public final class ConsulIntentionsClient {

    static final String PATH = "/v1/connect/intentions";

    private final ConsulHttpReads reads;

    public ConsulIntentionsClient(URI consulUri, Duration maxWait, ClientFactory factory,
                                  Executor blockingExecutor) {
        this(consulUri, null, maxWait, factory, blockingExecutor);
    }

    /** With {@code token} (a Consul ACL token, or null) on every request. */
    public ConsulIntentionsClient(URI consulUri, @Nullable String token, Duration maxWait, ClientFactory factory,
                                  Executor blockingExecutor) {
        this(new ConsulHttpReads(consulUri, token, maxWait, factory, blockingExecutor));
    }

    public ConsulIntentionsClient(ConsulHttpReads reads) {
        this.reads = reads;
    }

    public BlockingQuery<List<Intention>> intentions() {
        return reads.query(PATH, IntentionsJson::parse);
    }
}
