package io.vmodem.runtime;

import io.netty.channel.EventLoop;
import io.vmodem.dialect.ModemSession;

/**
 * The handle a link holds on its modem. Safe to call from any thread: calls from elsewhere are
 * handed to the modem's event loop, where everything about the modem happens.
 */
public final class VirtualModem {
    private final EventLoop loop;
    private final ModemSession session;

    VirtualModem(EventLoop loop, ModemSession session) {
        this.loop = loop;
        this.session = session;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The modem's session; touch it only on {@link #loop()}. */
    public ModemSession session() {
        return session;
    }

    public void powerOn() {
        run(session::powerOn);
    }

    /** Bytes from the DTE. The array must not change afterwards (it may be used later). */
    public void received(byte[] data, int offset, int length) {
        if (loop.inEventLoop()) {
            session.received(data, offset, length);
        } else {
            loop.execute(() -> session.received(data, offset, length));
        }
    }

    public void linkWritable() {
        run(session::linkWritable);
    }

    public void dtr(boolean asserted) {
        run(() -> session.dtr(asserted));
    }

    /** The link went away: the modem powers off and releases every socket. */
    public void linkClosed() {
        run(session::powerOff);
    }

    private void run(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }
}
