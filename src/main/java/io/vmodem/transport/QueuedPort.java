package io.vmodem.transport;

import io.vmodem.at.DtePort;
import java.nio.ByteBuffer;

/**
 * The modem's side of a link whose own threads do the blocking I/O (a serial port, the terminal):
 * output goes into the link's queue, input pauses close the link's gate.
 */
public final class QueuedPort implements DtePort {
    private final OutputQueue output;
    private final InputGate gate;

    public QueuedPort(OutputQueue output, InputGate gate) {
        this.output = output;
        this.gate = gate;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        output.add(bytes, offset, length);
    }

    @Override
    public void write(ByteBuffer data) {
        output.add(data);
    }

    @Override
    public boolean isWritable() {
        return output.isWritable();
    }

    @Override
    public void setInputPaused(boolean paused) {
        gate.paused(paused);
    }
}
