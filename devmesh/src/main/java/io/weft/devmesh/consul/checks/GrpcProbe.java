package io.weft.devmesh.consul.checks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.client.RequestOptions;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;

/**
 * Consul's gRPC check: calls the standard {@code grpc.health.v1.Health/Check} and is passing only
 * when the answer is SERVING. The target is {@code host:port} or {@code host:port/service}. The
 * two tiny protobuf messages are encoded by hand, so this module needs no gRPC dependency.
 */
final class GrpcProbe {
    private static final int SERVING = 1;

    private final WebClient client;

    GrpcProbe(WebClient client) {
        this.client = client;
    }

    CompletableFuture<ProbeResult> probe(String target, boolean useTls, Duration timeout) {
        final int slash = target.indexOf('/');
        final String authority = slash < 0 ? target : target.substring(0, slash);
        final String service = slash < 0 ? "" : target.substring(slash + 1);
        final String uri = (useTls ? "h2://" : "h2c://") + authority + "/grpc.health.v1.Health/Check";
        final HttpRequest req;
        try {
            req = HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, uri)
                                               .contentType(com.linecorp.armeria.common.MediaType.parse(
                                                       "application/grpc"))
                                               .add("te", "trailers")
                                               .add("grpc-timeout", timeout.toMillis() + "m")
                                               .build(),
                                 HttpData.wrap(frame(request(service))));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    ProbeResult.critical("gRPC " + target + ": " + HttpProbe.describe(e)));
        }
        return client.execute(req, RequestOptions.builder().responseTimeout(timeout).build()).aggregate().handle((res, err) -> {
            if (err != null) {
                return ProbeResult.critical("gRPC " + target + ": " + HttpProbe.describe(err));
            }
            return interpret(target, res);
        });
    }

    private static ProbeResult interpret(String target, AggregatedHttpResponse res) {
        String grpcStatus = res.trailers().get("grpc-status");
        if (grpcStatus == null) {
            grpcStatus = res.headers().get("grpc-status");
        }
        if (!res.status().isSuccess() || grpcStatus == null || !"0".equals(grpcStatus)) {
            final String message = res.trailers().get("grpc-message", res.headers().get("grpc-message", ""));
            return ProbeResult.critical("gRPC " + target + ": rpc error: code = " +
                                        (grpcStatus == null ? "Unknown (HTTP " + res.status() + ")" : grpcStatus) +
                                        " desc = " + message);
        }
        final int status = servingStatus(res.content().array());
        if (status == SERVING) {
            return ProbeResult.passing("gRPC check " + target + ": success");
        }
        return ProbeResult.critical("gRPC " + target + " serving status: " + statusName(status));
    }

    /** HealthCheckRequest { string service = 1; } */
    private static byte[] request(String service) {
        final byte[] name = service.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0) {
            return new byte[0];
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x0a);
        writeVarint(out, name.length);
        out.writeBytes(name);
        return out.toByteArray();
    }

    private static byte[] frame(byte[] message) {
        final byte[] framed = new byte[5 + message.length];
        framed[1] = (byte) (message.length >>> 24);
        framed[2] = (byte) (message.length >>> 16);
        framed[3] = (byte) (message.length >>> 8);
        framed[4] = (byte) message.length;
        System.arraycopy(message, 0, framed, 5, message.length);
        return framed;
    }

    /** HealthCheckResponse { ServingStatus status = 1; } from one gRPC frame; 0 (UNKNOWN) if absent. */
    static int servingStatus(byte[] framed) {
        if (framed.length < 5) {
            return 0;
        }
        int i = 5;
        while (i < framed.length) {
            final int tag = framed[i++] & 0xff;
            if (tag == 0x08) {
                int value = 0;
                int shift = 0;
                while (i < framed.length) {
                    final int b = framed[i++] & 0xff;
                    value |= (b & 0x7f) << shift;
                    if ((b & 0x80) == 0) {
                        return value;
                    }
                    shift += 7;
                }
                return 0;
            }
            return 0; // unexpected field: treat as unknown
        }
        return 0;
    }

    private static String statusName(int status) {
        return switch (status) {
            case 1 -> "SERVING";
            case 2 -> "NOT_SERVING";
            case 3 -> "SERVICE_UNKNOWN";
            default -> "UNKNOWN";
        };
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
