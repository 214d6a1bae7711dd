package io.weft.bench.soak;

import java.util.concurrent.atomic.AtomicReference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Reads {@code x-weft-instance} (which instance of sum answered) from a call's headers or trailers into the
 * holder the call carries as {@link #INSTANCE}: a broken stream is then put beside the chaos event that
 * killed that instance. Calls without a holder pass untouched.
 */
final class InstanceCapture implements ClientInterceptor {

    /** The holder a call fills; empty until the answer's headers arrive. */
    static final CallOptions.Key<AtomicReference<String>> INSTANCE = CallOptions.Key.create("weft-instance");
    private static final Metadata.Key<String> HEADER =
            Metadata.Key.of("x-weft-instance", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
                                                 Channel next) {
        final AtomicReference<String> holder = callOptions.getOption(INSTANCE);
        final ClientCall<Q, R> call = next.newCall(method, callOptions);
        if (holder == null) {
            return call;
        }
        return new SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata answer) {
                        keep(answer);
                        super.onHeaders(answer);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        keep(trailers);
                        super.onClose(status, trailers);
                    }

                    private void keep(Metadata metadata) {
                        final String instance = metadata.get(HEADER);
                        if (instance != null) {
                            holder.set(instance);
                        }
                    }
                }, headers);
            }
        };
    }
}
