package io.weft.controlplane.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.ServiceEndpoints;
import io.weft.controlplane.snapshot.ServiceInstance;
import io.weft.controlplane.stream.ResourceVersions;
import io.weft.controlplane.stream.SessionView;

/** Builds the {@code /api/v1/mesh} document as plain maps and lists (Jackson writes them). */
final class MeshStatusJson {

    private MeshStatusJson() {}

    static Map<String, Object> of(MeshSnapshot snapshot, boolean ready, boolean stale, @Nullable Instant lastContact,
                                  long watchErrors, List<SessionView> sidecars) {
        final Map<String, Object> root = new LinkedHashMap<>();
        final Map<String, Object> snap = new LinkedHashMap<>();
        snap.put("version", snapshot.version());
        snap.put("builtAt", snapshot.builtAt().toString());
        snap.put("ready", ready);
        snap.put("stale", stale);
        snap.put("lastConsulContact", lastContact == null ? null : lastContact.toString());
        snap.put("consulWatchErrors", watchErrors);
        root.put("snapshot", snap);

        final List<Object> services = new ArrayList<>();
        for (ServiceEndpoints s : snapshot.services().values()) {
            final Map<String, Object> service = new LinkedHashMap<>();
            service.put("name", s.name());
            service.put("version", s.version());
            final List<Object> instances = new ArrayList<>();
            for (ServiceInstance i : s.instances()) {
                final Map<String, Object> instance = new LinkedHashMap<>();
                instance.put("id", i.id());
                instance.put("address", i.address());
                instance.put("port", i.port());
                instance.put("protocol", i.protocol());
                instance.put("weight", i.weight());
                instance.put("zone", i.zone());
                instance.put("health", i.health().label());
                instance.put("meta", i.meta());
                instances.add(instance);
            }
            service.put("instances", instances);
            services.add(service);
        }
        root.put("services", services);

        final Map<String, Object> intentions = new LinkedHashMap<>();
        intentions.put("version", snapshot.intentionsVersion());
        intentions.put("defaultAction", snapshot.defaultAction().name().toLowerCase());
        final List<Object> rules = new ArrayList<>();
        for (Intention i : snapshot.intentions()) {
            rules.add(Map.of("source", i.source(), "destination", i.destination(),
                             "action", i.action().name().toLowerCase(), "precedence", i.precedence()));
        }
        intentions.put("rules", rules);
        root.put("intentions", intentions);

        final Map<String, Object> trust = new LinkedHashMap<>();
        trust.put("trustDomain", snapshot.trustRoots().trustDomain());
        trust.put("version", snapshot.trustRootsVersion());
        trust.put("roots", snapshot.trustRoots().rootsPem().size());
        root.put("trustBundle", trust);

        final List<Object> sessions = new ArrayList<>();
        for (SessionView v : sidecars) {
            final Map<String, Object> session = new LinkedHashMap<>();
            session.put("id", v.id());
            session.put("service", v.service());
            session.put("instanceId", v.instanceId());
            session.put("identity", v.identity());
            session.put("sidecarVersion", v.sidecarVersion());
            session.put("remoteAddress", v.remoteAddress());
            session.put("connectedAt", v.connectedAt().toString());
            session.put("certificateNotAfter",
                        v.certificateNotAfter() == null ? null : v.certificateNotAfter().toString());
            session.put("pending", v.pending());
            final Map<String, Object> resources = new LinkedHashMap<>();
            for (Map.Entry<String, ResourceVersions> e : v.resources().entrySet()) {
                final Map<String, Object> r = new LinkedHashMap<>();
                r.put("sent", e.getValue().sent());
                r.put("acked", e.getValue().acked());
                r.put("nacked", e.getValue().nacked());
                r.put("nackError", e.getValue().nackError());
                resources.put(e.getKey(), r);
            }
            session.put("resources", resources);
            sessions.add(session);
        }
        root.put("sidecars", sessions);
        return root;
    }
}
