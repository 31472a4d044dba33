package io.vmodem.dialect.quectel;

import io.vmodem.at.Reply;
import io.vmodem.dialect.common.RadioUrcs;
import io.vmodem.dialect.common.Slots;
import java.util.List;

/** A Quectel session's connect IDs and the answers the shared socket commands give through it. */
public interface QuectelSockets<T extends QuectelSocket> {
    /** The connect IDs. */
    Slots<T> slots();

    /** The socket on connect ID {@code id}, or null. */
    default T socket(int id) {
        return slots().get(id);
    }

    /** The sockets open now, by connect ID. */
    default List<T> sockets() {
        return slots().taken();
    }

    default void claim(T socket) {
        slots().claim(socket);
    }

    /** Frees the socket's connect ID, if it still holds it. */
    default void release(T socket) {
        slots().release(socket);
    }

    /** A socket for an AT+QIOPEN the rules accept; not yet claimed nor started. */
    T newSocket(QuectelOpen open);

    /** Whether sockets may be opened now (the BC260Y-CN: once it has attached, 2.3.2 note 4). */
    default boolean readyForSockets() {
        return true;
    }

    /** URCs that cross the radio, and the host's commands that make it transmit. */
    RadioUrcs radio();

    /**
     * The module's answer to a failed TCP/IP command (BG96: ERROR, the code for AT+QIGETERROR), with
     * the reason in words for the trace.
     */
    Reply.Done fail(int code, String why);

    /** As {@link #fail(int, String)}, the code's own text the reason. */
    default Reply.Done fail(int code) {
        return fail(code, QuectelErrors.text(code).toLowerCase(java.util.Locale.ROOT));
    }

    /** Records a TCP/IP command's outcome where the module keeps it (BG96 AT+QIGETERROR). */
    default void lastError(int code) {}

    void urc(String line);
}
