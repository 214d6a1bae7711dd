package io.weft.demo.sum.launch;

import com.linecorp.armeria.server.DecoratingHttpServiceFunction;

/**
 * The {@code x-weft-instance} response header, so a caller (and the mesh's tests) can tell which instance
 * answered. Added as a server-wide decorator, it reaches every response, gRPC trailers-only errors included.
 */
public final class InstanceHeader {

    /** The header name. */
    public static final String NAME = "x-weft-instance";

    /** A decorator that adds {@code x-weft-instance: <instanceId>} to every response. */
    public static DecoratingHttpServiceFunction decorator(String instanceId) {
        final String id = Values.instanceId("instance id", instanceId);
        return (delegate, ctx, req) -> {
            ctx.addAdditionalResponseHeader(NAME, id);
            return delegate.serve(ctx, req);
        };
    }

    private InstanceHeader() {}
}
