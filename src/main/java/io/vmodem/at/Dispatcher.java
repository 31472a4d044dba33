package io.vmodem.at;

/** A command table bound to one modem's state: what the engine calls for each request. */
public interface Dispatcher {

    Reply dispatch(CommandCall call);

    /** Whether the named command reads the rest of its line raw (inline data). */
    boolean takesRestOfLine(String name);
}
