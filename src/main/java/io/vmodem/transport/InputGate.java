package io.vmodem.transport;

/**
 * Lets a link's reading thread stop while the modem asks for no more input (back-pressure toward
 * the DTE: the host's writes then block, as on a UART with flow control). Thread-safe.
 */
public final class InputGate {
    private boolean paused;
    private boolean closed;

    public synchronized void paused(boolean paused) {
        this.paused = paused;
        notifyAll();
    }

    /** Waits while paused; false once closed. */
    public synchronized boolean awaitOpen() throws InterruptedException {
        while (paused && !closed) {
            wait();
        }
        return !closed;
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
