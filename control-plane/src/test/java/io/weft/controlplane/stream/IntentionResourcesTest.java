package io.weft.controlplane.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.weft.controlplane.chain.RouteMatch.HeaderMatch;
import io.weft.controlplane.snapshot.Intention;
import io.weft.controlplane.snapshot.IntentionAction;
import io.weft.controlplane.snapshot.IntentionPermission;
import io.weft.controlplane.snapshot.MeshSnapshot;
import io.weft.controlplane.snapshot.TrustRoots;
import io.weft.protocol.v1.Action;
import io.weft.protocol.v1.HttpPermission;
import io.weft.protocol.v1.Intentions;
import io.weft.protocol.v1.Permission;

/** The INTENTIONS resource carries L7 permissions in order; an L4 intention keeps the fields it always had. */
class IntentionResourcesTest {

    @Test
    void l7PermissionsTravelInOrderWithoutAnActionAndL4OnesAsBefore() {
        final MeshSnapshot snapshot = new MeshSnapshot(
                3, Instant.EPOCH, new TreeMap<>(), List.of(
                        Intention.of("web", "sum", List.of(
                                new IntentionPermission(IntentionAction.DENY, "/admin", "", "",
                                                        List.of(new HeaderMatch("x-user", true, "", "", "", "", true)),
                                                        List.of("GET", "POST")),
                                new IntentionPermission(IntentionAction.ALLOW, "", "/", "", List.of(), List.of()))),
                        Intention.of("*", "sum", IntentionAction.DENY),
                        Intention.of("web", "hello", IntentionAction.ALLOW)),
                3, IntentionAction.ALLOW, TrustRoots.EMPTY, 0);
        final Intentions sent = ProtoResources.intentions(snapshot, "sum").getIntentions();
        assertThat(sent.getDestination()).isEqualTo("sum");
        assertThat(sent.getDefaultAction()).isEqualTo(Action.ALLOW);
        assertThat(sent.getIntentionsList()).hasSize(2);
        final io.weft.protocol.v1.Intention web = sent.getIntentions(0);
        assertThat(web.getSource()).isEqualTo("web");
        assertThat(web.getAction()).isEqualTo(Action.ACTION_UNSPECIFIED); // an older sidecar denies: fails closed
        assertThat(web.getPrecedence()).isEqualTo(9);
        assertThat(web.getPermissionsList()).containsExactly(
                Permission.newBuilder().setAction(Action.DENY).setHttp(
                        HttpPermission.newBuilder().setPathExact("/admin").addMethods("GET").addMethods("POST")
                                      .addHeaders(io.weft.protocol.v1.HeaderMatch.newBuilder().setName("x-user")
                                                                                 .setPresent(true).setInvert(true)))
                          .build(),
                Permission.newBuilder().setAction(Action.ALLOW).setHttp(HttpPermission.newBuilder().setPathPrefix("/"))
                          .build());
        final io.weft.protocol.v1.Intention wildcard = sent.getIntentions(1);
        assertThat(wildcard.getAction()).isEqualTo(Action.DENY);
        assertThat(wildcard.getPermissionsList()).isEmpty();
    }
}
