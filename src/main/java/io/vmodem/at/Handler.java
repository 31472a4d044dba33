package io.vmodem.at;

/** One entry point of a command (test, read, set or exec), given the modem's session state. */
@FunctionalInterface
public interface Handler<C> {
    Reply handle(C context, CommandCall call);
}
