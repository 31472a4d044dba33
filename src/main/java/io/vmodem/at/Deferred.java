package io.vmodem.at;

/**
 * A command that completes later: its handler starts the work and the work calls
 * {@link #complete} on the modem's thread. Until then the engine holds further lines and URCs.
 */
public interface Deferred {

    void complete(Reply reply);

    /** Whether the command has completed (or the engine was reset since it started). */
    boolean done();
}
