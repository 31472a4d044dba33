package io.vmodem.at;

import java.util.function.Consumer;

/**
 * Data entry after {@code "> "}: the bytes the DTE types are the command's data until its end
 * condition (a fixed length, Ctrl+Z, SIMCom's ETX escapes) or ESC; the command then gets them, or
 * its cancelled or overflowed reply. Echoed per ATE and the entry's own rule.
 */
final class DataEntryMode {
    private final ByteQueue input;
    private final DteOutput output;
    private final AtSettings settings;
    private final Runnable over;
    private final Consumer<Reply> finished;
    private DataEntry entry;
    private ByteQueue data;
    private boolean etxPending;
    private boolean swallowCtrlZ;

    /**
     * @param input the engine's held input, which this takes data from
     * @param over runs as the entry ends, before the command hears of it
     * @param finished gets the command's reply once the entry ends
     */
    DataEntryMode(ByteQueue input, DteOutput output, AtSettings settings, Runnable over, Consumer<Reply> finished) {
        this.input = input;
        this.output = output;
        this.settings = settings;
        this.over = over;
        this.finished = finished;
    }

    /** The command answered with this prompt: {@code "> "} on a line of its own, then data. */
    void start(DataEntry e) {
        entry = e;
        data = new ByteQueue(Math.min(Math.max(e.length(), 16), 2048));
        etxPending = false;
        output.lineEnd();
        output.ascii(e.prompt());
    }

    boolean active() {
        return entry != null;
    }

    void reset() {
        entry = null;
        data = null;
        swallowCtrlZ = false;
    }

    /** Whether {@code b}, typed in command mode, is the Ctrl+Z a host may send after fixed-length data. */
    boolean swallowed(int b) {
        if (!swallowCtrlZ) {
            return false;
        }
        swallowCtrlZ = false;
        return b == DataEntry.CTRL_Z;
    }

    /** Takes data from the input while the entry lasts (a reply may start the next one). */
    void take() {
        boolean echo = settings.echo() && entry.echo();
        while (!input.isEmpty() && entry != null) {
            if (entry.mode() == DataEntry.Mode.FIXED) {
                int n = Math.min(entry.length() - data.size(), input.size());
                data.add(input.array(), input.head(), n);
                if (echo) {
                    output.add(input.array(), input.head(), n);
                }
                input.skip(n);
                if (data.size() == entry.length()) {
                    swallowCtrlZ = true;
                    DataEntry done = entry;
                    finished.accept(done.data(takeData()));
                }
                continue;
            }
            int b = input.take();
            if (etxPending) {
                etxPending = false;
                append(b, echo);
            } else if (entry.mode() == DataEntry.Mode.CTRL_Z_ETX && b == DataEntry.ETX) {
                etxPending = true;
            } else if (b == DataEntry.CTRL_Z) {
                DataEntry done = entry;
                finished.accept(done.data(takeData()));
            } else if (b == DataEntry.ESC) {
                DataEntry done = entry;
                takeData();
                finished.accept(withReason(done.cancelled(), "the data was cancelled with ESC"));
            } else {
                append(b, echo);
            }
        }
    }

    private static Reply withReason(Reply reply, String why) {
        return reply instanceof Reply.Done d && d.why() == null && d.result().kind() != Final.Kind.OK
                ? d.because(why)
                : reply;
    }

    private void append(int b, boolean echo) {
        if (data.size() >= entry.length()) {
            DataEntry done = entry;
            takeData();
            finished.accept(withReason(done.overflowed(), "more than " + done.length() + " bytes of data"));
            return;
        }
        data.add(b);
        if (echo) {
            output.add(b);
        }
    }

    private byte[] takeData() {
        byte[] bytes = new byte[data.size()];
        System.arraycopy(data.array(), data.head(), bytes, 0, bytes.length);
        entry = null;
        data = null;
        over.run();
        return bytes;
    }
}
