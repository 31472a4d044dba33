package io.vmodem.at;

import io.vmodem.time.Scheduler;

/**
 * Online (transparent) data mode as the engine sees it: the session bytes go to, the escape
 * detector watching them for {@code +++} with its guard times, and whether the session asked the
 * link to stop reading.
 */
final class OnlineMode {
    /** Where bytes go; the slice is valid during the call only. */
    interface Bytes {
        void accept(byte[] bytes, int offset, int length);
    }

    private final EscapeDetector escape;
    private OnlineSession session;
    private boolean inputPaused;

    /**
     * @param escaped runs when the escape is recognised
     * @param afterwards takes the bytes of a write that follow the end of online mode inside it (the
     *     session ended it with its data complete): command input again
     */
    OnlineMode(Scheduler scheduler, AtSettings settings, EscapeRule rule, Runnable escaped, Bytes afterwards) {
        this.escape = new EscapeDetector(scheduler, settings, rule, new EscapeDetector.Sink() {
            @Override
            public void data(byte[] bytes, int offset, int length) {
                if (session != null) {
                    session.fromDte(bytes, offset, length);
                } else {
                    afterwards.accept(bytes, offset, length);
                }
            }

            @Override
            public void escape() {
                escaped.run();
            }
        });
    }

    void enter(OnlineSession s) {
        session = s;
        inputPaused = false;
    }

    /** Online mode has begun (its CONNECT written): the escape is watched, the session told. */
    void begin() {
        escape.start();
        session.entered();
    }

    /** Bytes typed in online mode: data, unless they are the escape. */
    void feed(byte[] data, int offset, int length) {
        escape.feed(data, offset, length);
    }

    /** Input held from before online mode began, all of it. */
    void feed(ByteQueue held) {
        int n = held.size();
        byte[] copy = new byte[n];
        System.arraycopy(held.array(), held.head(), copy, 0, n);
        held.clear();
        feed(copy, 0, n);
    }

    void dteWritable() {
        if (session != null) {
            session.dteWritable();
        }
    }

    boolean inputPaused() {
        return inputPaused;
    }

    void pauseInput(boolean paused) {
        inputPaused = paused;
    }

    /** Online mode ends: the session it had, or null. */
    OnlineSession leave() {
        escape.stop();
        OnlineSession s = session;
        session = null;
        return s;
    }

    void reset() {
        leave();
        inputPaused = false;
    }
}
