package io.weft.devmesh.launcher;

import java.util.List;

/** What {@code ./weft up} prints once everything is ready: what runs where, and commands that work. */
final class Banner {

    static String render(MeshPlan plan, List<ManagedProcess> processes, String consulLine, boolean detached) {
        final StringBuilder out = new StringBuilder();
        out.append("\nweft mesh is up.\n").append(consulLine).append("\n\n");
        for (ManagedProcess p : processes) {
            out.append(String.format("  %-16s pid %-8d %s%n", p.name(), p.pid(), p.log()));
            for (String line : p.spec().listens()) {
                out.append(String.format("  %-16s   %s%n", "", line));
            }
        }
        final String gw = plan.gateway().toString().replace("http://127.0.0.1", "localhost");
        out.append("\nDashboard: ").append(plan.controlPlaneHttp()).append("/ui/\n");
        out.append("\nTry it:\n")
           .append("  curl -s -d '{\"a\":1,\"b\":2}' ").append(gw).append("/sum/v1/sum\n")
           .append("  curl -s ").append(gw).append("/sum/v1/sum/40/2\n")
           .append("  curl -s '").append(gw).append("/hello/greet?name=Ada'\n")
           .append("  curl -s '").append(gw).append("/hello/sum?a=1&b=2'      # hello -> sum over mTLS\n")
           .append("  curl -s -i ").append(gw).append("/sum/v1/sum/1/1 | grep x-weft-instance   # round robin\n")
           .append("  curl -s ").append(plan.controlPlaneHttp()).append("/api/v1/mesh\n")
           .append("  ./weft status\n")
           .append("  ./weft stat                           # rps, success rate, latency per edge\n");
        plan.zipkin().ifPresent(zipkin -> out.append("  curl -s '").append(zipkin)
                .append("/api/v2/traces?serviceName=gateway&limit=1'   # the last trace; UI: ")
                .append(zipkin).append("/zipkin/\n"));
        out
           .append("  ./weft register my-service.json       # Consul service definition JSON\n")
           .append("  curl -s -X PUT -d '{\"Action\":\"deny\"}' '").append(plan.consul())
           .append("/v1/connect/intentions/exact?source=hello&destination=sum'   # deny hello -> sum\n");
        out.append("\nA sidecar you start by hand: --control-plane ").append(plan.streamAddress())
           .append(" --bootstrap-ca-file ").append(plan.rootCaFile()).append(" --consul ").append(plan.consul())
           .append("\n  and WEFT_TOKEN=$(cat ").append(plan.tokenFile()).append(")\n");
        out.append(detached ? "\nStop with: ./weft down\n" : "\nCtrl-C stops everything.\n");
        return out.toString();
    }

    private Banner() {}
}
