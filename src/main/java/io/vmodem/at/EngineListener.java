package io.vmodem.at;

/**
 * Who hears what the engine goes through, for the fault triggers, the metrics and the control API:
 * called on the modem's thread, after the engine acted; a listener must not call back in.
 */
public interface EngineListener {
    EngineListener NONE = new EngineListener() {};

    /** Power-up done: the engine answers commands from now on. */
    default void poweredOn() {}

    /** Power removed: everything in progress was dropped. */
    default void poweredOff() {}

    /** A command line starts running: {@code AT} and the line's body, as typed. */
    default void commandStarted(String line) {}

    /** The command line reached its final result ({@code OK}, an error, {@code CONNECT}, ...). */
    default void commandFinished(String line, Final result) {}

    /** A data prompt ({@code > }) was written: the host's data comes next. */
    default void promptShown() {}

    /** Online data (transparent) mode began. */
    default void onlineEntered() {}
}
