package io.vmodem.transport.stdio;

import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.transport.InputGate;
import io.vmodem.transport.OutputQueue;
import io.vmodem.transport.QueuedPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal as the link, for trying commands by hand or piping a script in: the modem's output
 * goes to stdout, the program's own messages to stderr. A line typed at a terminal ends with LF, so
 * on this link a lone LF is taken for the CR the modem expects (CR, and CR LF, pass unchanged).
 *
 * <p>Input is read once the modem has booted and its boot URCs are out (a real module ignores what
 * comes before), so a piped script is not lost. At the end of the input the link waits until the modem has finished what it
 * was doing and been quiet for {@link #LINGER}, so the last answers are printed, then closes.
 */
public final class StdioLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StdioLink.class);

    /** How long the modem must be quiet after the end of the input before the link closes. */
    public static final Duration LINGER = Duration.ofSeconds(1);

    private static final int CHUNK = 4096;

    private final ModemFactory factory;
    private final InputStream in;
    private final OutputStream out;
    private final OutputQueue output = new OutputQueue(OutputQueue.DEFAULT_CAPACITY);
    private final InputGate gate = new InputGate();
    private VirtualModem modem;
    private Thread reader;
    private Thread writer;
    private volatile boolean closed;
    private Runnable onEnd = () -> {};

    public StdioLink(ModemFactory factory, InputStream in, OutputStream out) {
        this.factory = factory;
        this.in = in;
        this.out = out;
    }

    /** Called once when the input has ended and the modem has had its last word. */
    public void onEnd(Runnable r) {
        onEnd = r;
    }

    public synchronized void start() {
        modem = factory.create(factory.host().nextLoop(), new QueuedPort(output, gate), "stdio");
        output.onDrained(modem::linkWritable);
        modem.note("link stdio");
        reader = new Thread(this::read, "vmodem-stdin");
        writer = new Thread(this::write, "vmodem-stdout");
        reader.setDaemon(true);
        writer.setDaemon(true);
        writer.start();
        modem.powerOn();
        reader.start();
    }

    public VirtualModem modem() {
        return modem;
    }

    /** The modem's output waiting for the terminal: at most {@link OutputQueue#DEFAULT_CAPACITY} and one reply or URC more. */
    public int queuedOutput() {
        return output.size();
    }

    /** Whether the terminal stopped taking output and the modem is holding back. */
    public boolean outputFull() {
        return !output.isWritable();
    }

    private void read() {
        byte[] buffer = new byte[CHUNK];
        boolean lastWasCr = false;
        try {
            while (!closed && !ask(() -> modem.powered() && modem.idle())) {
                Thread.sleep(10);
            }
            while (gate.awaitOpen()) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                byte[] copy = java.util.Arrays.copyOf(buffer, n);
                for (int i = 0; i < n; i++) {
                    if (copy[i] == '\n' && !lastWasCr) {
                        copy[i] = '\r'; // a lone LF ends the line; an LF right after it is another
                        lastWasCr = false;
                    } else {
                        lastWasCr = copy[i] == '\r';
                    }
                }
                modem.received(copy, 0, n);
            }
            log.debug("end of input; waiting for the modem to finish");
            linger();
        } catch (IOException e) {
            log.warn("reading stdin failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        close();
        onEnd.run();
    }

    /** Waits until the modem is idle, its output written, and nothing has come for {@link #LINGER}. */
    private void linger() throws InterruptedException {
        long eof = System.nanoTime();
        long linger = LINGER.toNanos();
        while (!closed) {
            long now = System.nanoTime();
            if (now - eof >= linger && now - output.lastAddNanos() >= linger && output.isEmpty() && ask(modem::idle)) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private boolean ask(java.util.concurrent.Callable<Boolean> question) throws InterruptedException {
        try {
            return modem.loop().submit(question).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private void write() {
        try {
            byte[] chunk;
            while ((chunk = output.take(CHUNK)) != null) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            log.warn("writing stdout failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (modem == null || closed) {
            return;
        }
        closed = true;
        gate.close();
        modem.linkClosedAndWait();
        // let what the modem said go out before the writer stops
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!output.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        output.close();
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
