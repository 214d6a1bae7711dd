package io.weft.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Collapsed stacks are counted by thread, layer, leaf (self) and frame anywhere on the stack (total, once each). */
class ProfileTopTest {

    @Test
    void countsSelfTotalThreadsAndLayers() {
        final ProfileTop.Profile profile = new ProfileTop.Profile();
        profile.add("[relay-io-1-1 tid=7];java.lang.Thread.run_[j];io.netty.handler.ssl.SslHandler.wrap_[j];" +
                    "libnetty_tcnative_linux_x86_64.so`aes_gcm_seal 5");
        profile.add("[relay-io-1-1 tid=7];java.lang.Thread.run_[j];a.B.f_[i];a.B.f_[i];sys_writev_[k] 3");
        profile.add("[C2 CompilerThread0 tid=9];libjvm.so`Compile::Compile 2");

        assertThat(profile.samples).isEqualTo(10);
        assertThat(profile.threads).containsEntry("relay-io", 8L).containsEntry("C2 CompilerThread", 2L);
        assertThat(profile.self).containsEntry("libnetty_tcnative_linux_x86_64.so`aes_gcm_seal", 5L)
                                .containsEntry("sys_writev (kernel)", 3L);
        assertThat(profile.total).containsEntry("a.B.f", 3L) // recursion counted once per stack
                                 .containsEntry("java.lang.Thread.run", 8L)
                                 .containsEntry("io.netty.handler.ssl.SslHandler.wrap", 5L);
        // the innermost frame of a known layer names the sample's layer: a.B.f is unknown, the syscall is not
        assertThat(profile.layers).containsEntry("TLS crypto (BoringSSL, OpenSSL engine)", 5L)
                                  .containsEntry("socket write (syscall)", 3L)
                                  .containsEntry("JVM runtime (JIT, GC, interpreter, stubs)", 2L);
    }
}
