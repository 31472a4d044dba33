package io.vmodem.runtime;

import io.vmodem.trace.TraceLog;

/**
 * What sits between every link and its modem, whatever the link: UART pacing at {@code baud}
 * (0: off) and the trace (null: none).
 */
public record LinkLayers(int baud, TraceLog trace) {
    public static final LinkLayers NONE = new LinkLayers(0, null);

    public LinkLayers {
        if (baud < 0 || baud > UartPacing.MAX_BAUD) {
            throw new IllegalArgumentException("baud rate must be 1.." + UartPacing.MAX_BAUD + " (0: no pacing)");
        }
    }
}
