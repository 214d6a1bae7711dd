package io.weft.sidecar.transcoding;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;

/**
 * What the app declares: its services (full names) and every descriptor file they need, by file
 * name, as fetched (not yet linked). Two fetches are equal iff the app's API did not change.
 */
record AppDescriptors(List<String> services, Map<String, FileDescriptorProto> files) {

    AppDescriptors {
        services = List.copyOf(services);
        files = Map.copyOf(files);
    }

    /** Where descriptors come from: server reflection in production, a stub in tests. */
    interface Source {
        /**
         * Fetches the app's descriptors without blocking. Completes exceptionally, preferably with a
         * {@link GrpcCallException}, when the app cannot be asked.
         */
        CompletableFuture<AppDescriptors> fetch();

        /** The method used, for the admin page, e.g. {@code /grpc.reflection.v1.ServerReflection/...}. */
        String describe();
    }
}
