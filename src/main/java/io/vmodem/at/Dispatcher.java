package io.vmodem.at;

/** A command table bound to one modem's state: what the engine calls for each request. */
public interface Dispatcher {

    Reply dispatch(CommandCall call);

    /** Whether the named command reads the rest of its line raw (inline data). */
    boolean takesRestOfLine(String name);

    /**
     * The module's answer to a command that cannot finish: a fault inside the modem, or no answer
     * within the command deadline ({@code pastDeadline}). {@code ERROR} unless the dialect words it.
     */
    default Reply failed(CommandCall call, boolean pastDeadline) {
        return Reply.error();
    }
}
