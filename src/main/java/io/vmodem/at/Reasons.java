package io.vmodem.at;

/** Who hears why a command was refused or failed, besides the debug log: the trace's why lines. */
public interface Reasons {
    Reasons NONE = (command, why) -> {};

    /** {@code command} as typed ({@code AT+QISEND=12,5}); {@code why} in words. */
    void refused(String command, String why);
}
