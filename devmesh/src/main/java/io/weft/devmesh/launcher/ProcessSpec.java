package io.weft.devmesh.launcher;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process of the local mesh, before it starts.
 *
 * @param layer 0 for Consul, 1 for the control plane, 2 for workloads: started in this order and
 *              stopped in the reverse one
 * @param name unique, also the log file's name ({@code sum-1-sidecar})
 * @param command the full command line
 * @param environment extra environment variables
 * @param readiness how to tell it is ready; empty when another process's readiness covers it
 * @param listens one line per listener for the banner ("inbound  127.0.0.1:40123 (mTLS)")
 */
record ProcessSpec(int layer, String name, List<String> command, Map<String, String> environment,
                   Optional<Probe> readiness, List<String> listens) {

    ProcessSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        listens = List.copyOf(listens);
    }
}
