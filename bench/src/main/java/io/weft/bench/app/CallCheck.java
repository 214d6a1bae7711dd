package io.weft.bench.app;

import java.time.Duration;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.MediaType;

import io.weft.bench.Args;
import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.SumServiceGrpc;

/**
 * One {@code Add(1, 2)} through a path, as gRPC or as JSON {@code POST /v1/sum}, with an optional
 * {@code :authority}. Exit 0 only when the answer is 3: a path that answers errors quickly must never be
 * measured as a fast path (h2load counts a gRPC error in trailers as HTTP 200).
 */
public final class CallCheck {

    public static int run(Args args) {
        final String url = args.required("url");
        final String authority = args.string("authority", "");
        final String proto = args.string("proto", "grpc");
        try {
            final long sum;
            if ("grpc".equals(proto)) {
                var builder = GrpcClients.builder(url.replace("http://", "h2c://"))
                                         .responseTimeout(Duration.ofSeconds(5));
                if (!authority.isEmpty()) {
                    builder = builder.setHeader(HttpHeaderNames.AUTHORITY, authority);
                }
                final SumServiceGrpc.SumServiceBlockingStub stub =
                        builder.build(SumServiceGrpc.SumServiceBlockingStub.class);
                final AddResponse response = stub.add(AddRequest.newBuilder().setA(1).setB(2).build());
                sum = response.getSum();
            } else {
                var builder = WebClient.builder(url.replace("http://", "h2c://"))
                                       .responseTimeout(Duration.ofSeconds(5));
                if (!authority.isEmpty()) {
                    builder = builder.setHeader(HttpHeaderNames.AUTHORITY, authority);
                }
                final AggregatedHttpResponse response = builder.build().blocking().prepare()
                        .post("/v1/sum").content(MediaType.JSON, "{\"a\":1,\"b\":2}").execute();
                if (response.status().code() != 200) {
                    System.err.println("check " + url + " json: HTTP " + response.status() + ' ' +
                                       response.contentUtf8());
                    return 1;
                }
                final String body = response.contentUtf8().replaceAll("\\s", "");
                sum = body.contains("\"sum\":\"3\"") || body.contains("\"sum\":3") ? 3 : -1;
                if (sum != 3) {
                    System.err.println("check " + url + " json: unexpected body " + body);
                    return 1;
                }
            }
            if (sum != 3) {
                System.err.println("check " + url + ' ' + proto + ": sum " + sum + " (expected: 3)");
                return 1;
            }
            System.out.println("check " + url + ' ' + proto + (authority.isEmpty() ? "" : " authority " +
                               authority) + ": ok");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("check " + url + ' ' + proto + ": " + e);
            return 1;
        }
    }

    private CallCheck() {}
}
