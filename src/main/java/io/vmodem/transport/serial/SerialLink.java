package io.vmodem.transport.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.transport.InputGate;
import io.vmodem.transport.OutputQueue;
import io.vmodem.transport.QueuedPort;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real serial port (a USB-serial adapter wired to a board's UART) through jSerialComm: 8N1 at the
 * given baud rate, with RTS/CTS flow control or none. The port's speed paces the bytes, so no
 * software pacing is added. One thread reads, one writes from a bounded {@link OutputQueue}; the
 * modem's loop never waits for the port.
 *
 * <p>The modem is the DCE: the DTE's DTR reaches this port, through the usual null-modem wiring
 * between two DTE-style ports, on DSR. Where the port reports DSR, its changes go to the modem as
 * DTR ({@code AT&D}); a port that does not report it (many adapters, a pty) never changes it. This
 * side asserts DTR (the modem's "ready") and RTS.
 */
public final class SerialLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SerialLink.class);

    /** How long a read waits before the DSR line is looked at again. */
    static final int READ_TIMEOUT_MILLIS = 100;

    private static final int CHUNK = 4096;

    /** Flow control on the port. */
    public enum Flow {
        NONE,
        RTSCTS
    }

    private final ModemFactory factory;
    private final String device;
    private final int baud;
    private final Flow flow;
    private final OutputQueue output = new OutputQueue(OutputQueue.DEFAULT_CAPACITY);
    private final InputGate gate = new InputGate();
    private SerialPort port;
    private VirtualModem modem;
    private Thread reader;
    private Thread writer;
    private volatile boolean closing;
    private Runnable onEnd = () -> {};

    public SerialLink(ModemFactory factory, String device, int baud, Flow flow) {
        this.factory = factory;
        this.device = device;
        this.baud = baud;
        this.flow = flow;
    }

    /** Called once if the port fails (an adapter unplugged): the link is over. */
    public void onEnd(Runnable r) {
        onEnd = r;
    }

    /** Opens the port, powers the modem on and starts serving. */
    public synchronized void start() throws IOException {
        SerialPort p;
        try {
            p = SerialPort.getCommPort(device);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port " + device + ": " + e.getMessage(), e);
        }
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(
                flow == Flow.RTSCTS
                        ? SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED
                        : SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(
                SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, READ_TIMEOUT_MILLIS, 0);
        if (!p.openPort()) {
            throw new IOException("cannot open serial port " + device + " (error " + p.getLastErrorCode() + ")");
        }
        p.setDTR();
        if (flow == Flow.NONE) {
            p.setRTS();
        }
        port = p;
        modem = factory.create(factory.host().nextLoop(), new QueuedPort(output, gate), "serial " + device);
        output.onDrained(modem::linkWritable);
        modem.note("link serial " + device + " " + baud + " 8N1, flow "
                + flow.name().toLowerCase());
        reader = new Thread(this::read, "vmodem-serial-in " + device);
        writer = new Thread(this::write, "vmodem-serial-out " + device);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
        modem.powerOn();
    }

    public VirtualModem modem() {
        return modem;
    }

    private void read() {
        byte[] buffer = new byte[CHUNK];
        boolean dsr = port.getDSR();
        try {
            while (gate.awaitOpen()) {
                int n = port.readBytes(buffer, buffer.length);
                if (n < 0) {
                    fail("read");
                    return;
                }
                if (n > 0) {
                    modem.received(java.util.Arrays.copyOf(buffer, n), 0, n);
                }
                boolean now = port.getDSR();
                if (now != dsr) {
                    dsr = now;
                    modem.dtr(now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        try {
            byte[] chunk;
            while ((chunk = output.take(CHUNK)) != null) {
                int off = 0;
                while (off < chunk.length) {
                    int n = port.writeBytes(chunk, chunk.length - off, off);
                    if (n < 0) {
                        fail("write");
                        return;
                    }
                    off += n;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String what) {
        if (closing) {
            return;
        }
        log.warn("serial port {}: {} failed (error {}); the link is closed", device, what, port.getLastErrorCode());
        Thread t = new Thread(() -> {
            close();
            onEnd.run();
        });
        t.start();
    }

    @Override
    public synchronized void close() {
        if (port == null || closing) {
            return;
        }
        closing = true;
        gate.close();
        output.close();
        modem.linkClosedAndWait();
        port.closePort();
        try {
            reader.join(1000);
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
