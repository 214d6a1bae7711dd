package io.weft.bench.relay;

import picocli.CommandLine.Command;

/** {@code relay armeria|netty}: the two featureless relays; each process is one hop. */
@Command(name = "relay", synopsisSubcommandLabel = "armeria|netty",
         header = "one hop of a featureless two-hop relay (the floors weft is measured against)",
         subcommands = { ArmeriaRelay.class, NettyRelay.class })
public final class RelayCommand {
}
