package io.weft.controlplane.chain;

/**
 * A config entry that cannot be read, or a set of entries that cannot be compiled into a chain. The
 * message is Consul's own wording where Consul has one (so a user can search for it), naming the entry.
 */
public final class ChainException extends Exception {
    private static final long serialVersionUID = 1L;

    public ChainException(String message) {
        super(message);
    }
}
