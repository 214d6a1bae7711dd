package io.weft.controlplane.chain;

/**
 * weft runs one Consul namespace and admin partition, and no cluster peering: an entry that points
 * elsewhere is refused with a clear error instead of silently routing to the local service.
 */
final class Scope {

    static void requireLocal(EntryJson json) throws ChainException {
        for (String field : new String[] { "Namespace", "Partition" }) {
            final String v = json.text(field);
            if (!v.isEmpty() && !"default".equals(v)) {
                throw json.error(field, '"' + v + "\" is not supported: weft uses only the default " +
                                        field.toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (String field : new String[] { "Peer", "SamenessGroup" }) {
            if (!json.text(field).isEmpty()) {
                throw json.error(field, "not supported: weft has no cluster peering");
            }
        }
    }

    private Scope() {}
}
