package io.vmodem.testing;

import io.vmodem.at.DtePort;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A DTE link in memory: collects what the modem writes; writability is the test's to set. */
public final class MemoryPort implements DtePort {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean writable = true;
    private boolean inputPaused;

    @Override
    public void write(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void setInputPaused(boolean paused) {
        inputPaused = paused;
    }

    public void writable(boolean writable) {
        this.writable = writable;
    }

    public boolean inputPaused() {
        return inputPaused;
    }

    /** Everything written since the last take, as ISO-8859-1 text (one char per byte). */
    public String take() {
        String s = out.toString(StandardCharsets.ISO_8859_1);
        out.reset();
        return s;
    }

    public byte[] takeBytes() {
        byte[] b = out.toByteArray();
        out.reset();
        return b;
    }
}
