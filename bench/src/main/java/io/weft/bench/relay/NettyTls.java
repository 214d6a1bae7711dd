package io.weft.bench.relay;

import javax.net.ssl.SSLException;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

/**
 * The Netty relay's TLS contexts: BoringSSL (netty-tcnative, the engine Armeria picks too), ALPN {@code h2},
 * the HTTP/2 cipher list, and the peer's chain verified against the CA root on both sides; the client also
 * checks the next hop's name (HTTPS endpoint identification, as HAProxy's {@code verifyhost}).
 */
final class NettyTls {
    private static final ApplicationProtocolConfig ALPN_H2 = new ApplicationProtocolConfig(
            Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2);

    private NettyTls() {}

    static SslContext server(RelayOptions options) throws SSLException {
        return common(SslContextBuilder.forServer(options.cert(), options.key()))
                .trustManager(options.ca())
                .clientAuth(ClientAuth.REQUIRE)
                .build();
    }

    static SslContext client(RelayOptions options) throws SSLException {
        return common(SslContextBuilder.forClient())
                .keyManager(options.cert(), options.key())
                .trustManager(options.ca())
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }

    private static SslContextBuilder common(SslContextBuilder builder) {
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException("BoringSSL (netty-tcnative) is not available: " +
                                            OpenSsl.unavailabilityCause());
        }
        return builder.sslProvider(SslProvider.OPENSSL)
                      .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                      .applicationProtocolConfig(ALPN_H2);
    }
}
