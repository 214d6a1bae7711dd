package io.weft.bench.app;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.MediaType;

import io.weft.demo.sum.v1.AddRequest;
import io.weft.demo.sum.v1.AddResponse;
import io.weft.demo.sum.v1.SumServiceGrpc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One {@code Add(1, 2)} through a path, as gRPC or as JSON {@code POST /v1/sum}, with an optional
 * {@code :authority}. Exit 0 only when the answer is 3: a path that answers errors quickly must never be
 * measured as a fast path (h2load counts a gRPC error in trailers as HTTP 200).
 */
@Command(name = "check", sortOptions = false,
         header = "one Add call; exit 1 unless it answers 3")
public final class CallCheck implements Callable<Integer> {

    /** How the call is made: gRPC, or JSON {@code POST /v1/sum}. */
    enum Protocol { GRPC, JSON }

    @Option(names = "--url", paramLabel = "URL", required = true, description = "http://host:port of the path")
    private String url = "";

    @Option(names = "--proto", paramLabel = "grpc|json", defaultValue = "grpc", description = "gRPC or JSON")
    private Protocol protocol = Protocol.GRPC;

    @Option(names = "--authority", paramLabel = "A", defaultValue = "",
            description = ":authority to send; empty = the URL's")
    private String authority = "";

    @Override
    public Integer call() {
        final String proto = protocol.name().toLowerCase(Locale.ROOT);
        try {
            final long sum;
            if (protocol == Protocol.GRPC) {
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
}
