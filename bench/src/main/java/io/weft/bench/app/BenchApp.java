package io.weft.bench.app;

import java.time.Duration;
import java.util.concurrent.Callable;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;

import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.weft.common.netty.BossGroups;
import io.weft.demo.sum.service.SumServiceImpl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The app every data-plane path ends at: sum's own {@link SumServiceImpl} with gRPC server reflection (which
 * the weft sidecar needs to transcode) and Armeria's in-process HTTP/JSON transcoding, so that {@code POST
 * /v1/sum} has a direct baseline and an HAProxy path (HAProxy cannot transcode). The weft path registers the
 * app as {@code grpc}, so its JSON requests reach this app as gRPC, transcoded by the sum sidecar.
 */
@Command(name = "app", sortOptions = false,
         header = "sum with reflection and JSON transcoding (the direct baseline)")
public final class BenchApp implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "port to listen on, 0 = any")
    private int port;

    /** Serves until the process is stopped. */
    @Override
    public Integer call() throws InterruptedException {
        final Server server = BossGroups.applyTo(Server.builder())
                                    .http(port)
                                    .requestTimeout(Duration.ZERO)
                                    .service(GrpcService.builder()
                                                        .addService(new SumServiceImpl())
                                                        .addService(ProtoReflectionServiceV1.newInstance())
                                                        .enableHttpJsonTranscoding(true)
                                                        .build())
                                    .build();
        server.start().join();
        System.out.println("bench app listening on " + server.activeLocalPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join(), "bench-app-stop"));
        Thread.currentThread().join();
        return 0;
    }
}
