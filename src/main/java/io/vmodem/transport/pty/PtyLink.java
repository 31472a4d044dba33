package io.vmodem.transport.pty;

import com.sun.jna.LastErrorException;
import io.vmodem.at.DtePort;
import io.vmodem.runtime.ModemFactory;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.transport.OutputQueue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pseudo-terminal link: one modem on the master side of a pty pair; the firmware opens the
 * slave path ({@code /dev/pts/N}, or a stable symlink to it) as it would a USB-serial adapter.
 *
 * <p>One thread per pty does the I/O: it polls the master for input (handed to the modem's loop)
 * and, while output is queued, for room to write it; the modem's loop only ever adds to a bounded
 * {@link OutputQueue} and wakes the thread through a pipe. Nothing blocks the loop.
 *
 * <p>The modem powers on when the firmware first opens the tty, so it sees the boot URCs, and then
 * lives as long as the link: the firmware may close and reopen the tty and finds the same modem in
 * the same state. While nobody holds the tty open the line is dead, as a UART nobody listens to:
 * the modem's output is dropped (including what was written and not read before the close), and
 * the thread looks for the tty to be reopened every {@link #ABSENT_POLL_MILLIS} ms rather than
 * spinning on the master's hang-up. Closing and reopening the tty drops and raises DTR, as closing
 * a serial port does ({@code AT&D} decides what the modem makes of it).
 */
public final class PtyLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PtyLink.class);

    /** How often a closed tty is checked for the firmware opening it again. */
    static final int ABSENT_POLL_MILLIS = 50;

    private static final int CHUNK = 4096;

    private final ModemFactory factory;
    private final Path symlink;
    private final OutputQueue output = new OutputQueue(OutputQueue.DEFAULT_CAPACITY);
    private volatile long absentLooks;
    private int master = -1;
    private int wakeRead = -1;
    private int wakeWrite = -1;
    private String slavePath;
    private VirtualModem modem;
    private Thread thread;
    private volatile boolean inputPaused;
    private volatile boolean closing;
    private volatile boolean present;
    /** The modem's output goes to the tty: set before the modem hears of the opening, so a boot that takes no time is not lost. */
    private volatile boolean open;

    private boolean poweredOn;

    /** @param symlink a stable path to keep pointing at the slave, or null */
    public PtyLink(ModemFactory factory, Path symlink) {
        this.factory = factory;
        this.symlink = symlink;
    }

    /** Whether this system can make pseudo-terminals (Linux, macOS). */
    public static boolean supported() {
        return Posix.supported();
    }

    /** Makes the pty pair and its modem and starts serving; returns the slave's path. */
    public synchronized String start() throws IOException {
        if (!supported()) {
            throw new IOException("pseudo-terminals need Linux or macOS");
        }
        try {
            master = Posix.C.posix_openpt(Posix.O_RDWR | Posix.O_NOCTTY);
            Posix.C.grantpt(master);
            Posix.C.unlockpt(master);
            slavePath = Posix.C.ptsname(master);
            // Raw from the start, so a firmware that does not set the tty up gets bytes untouched.
            int slave = Posix.C.open(slavePath, Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_NONBLOCK);
            try {
                Posix.raw(slave);
            } finally {
                Posix.closeQuietly(slave);
            }
            Posix.nonBlocking(master);
            int[] pipe = new int[2];
            Posix.C.pipe(pipe);
            wakeRead = pipe[0];
            wakeWrite = pipe[1];
            Posix.nonBlocking(wakeRead);
            Posix.nonBlocking(wakeWrite);
        } catch (LastErrorException e) {
            closeDescriptors();
            throw new IOException("cannot make a pseudo-terminal: errno " + e.getErrorCode(), e);
        }
        if (symlink != null) {
            try {
                link(symlink, slavePath);
            } catch (IOException e) {
                closeDescriptors();
                throw new SymlinkException(symlink, e);
            }
        }
        Port port = new Port();
        modem = factory.create(factory.host().nextLoop(), port, "pty " + slavePath);
        output.onDrained(modem::linkWritable);
        output.onData(this::wake);
        modem.note("link pty " + slavePath + (symlink == null ? "" : " (" + symlink + ")"));
        thread = new Thread(this::serve, "vmodem-pty " + slavePath);
        thread.setDaemon(true);
        thread.start();
        return slavePath;
    }

    /** The stable link to the slave could not be made; {@link #cause()} says why. */
    public static final class SymlinkException extends IOException {
        private static final long serialVersionUID = 1L;

        SymlinkException(Path symlink, IOException cause) {
            super("cannot make the link " + symlink + ": " + cause.getMessage(), cause);
        }

        public IOException cause() {
            return (IOException) getCause();
        }
    }

    public String slavePath() {
        return slavePath;
    }

    public VirtualModem modem() {
        return modem;
    }

    /** Every byte the modem has handed the tty so far (output while nobody holds it is not). */
    public long outputQueued() {
        return output.added();
    }

    /** How often the link has looked for the tty being opened and found nobody. */
    public long absentLooks() {
        return absentLooks;
    }

    /** Whether the firmware has the tty open. */
    public boolean present() {
        return present;
    }

    private static void link(Path symlink, String target) throws IOException {
        if (Files.exists(symlink, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(symlink)) {
            throw new IOException(symlink + " exists and is not a symbolic link; not replacing it");
        }
        Files.deleteIfExists(symlink);
        Files.createSymbolicLink(symlink, Path.of(target));
    }

    // ---- the I/O thread ----

    private void serve() {
        byte[] buffer = new byte[CHUNK];
        byte[] pending = null;
        int pendingOffset = 0;
        try {
            while (!closing) {
                if (!present) {
                    if (!opened()) {
                        absentLooks++;
                        Posix.poll(-1, (short) 0, wakeRead, Posix.POLLIN, ABSENT_POLL_MILLIS);
                        drainWake();
                        output.clear();
                        continue;
                    }
                    arrived();
                }
                boolean wantOut = pending != null || !output.isEmpty();
                short events = (short) ((inputPaused ? 0 : Posix.POLLIN) | (wantOut ? Posix.POLLOUT : 0));
                short[] ready = Posix.poll(master, events, wakeRead, Posix.POLLIN, -1);
                if ((ready[1] & Posix.POLLIN) != 0) {
                    drainWake();
                }
                short m = ready[0];
                boolean gone = false;
                if ((m & Posix.POLLIN) != 0 || (m & Posix.POLLHUP) != 0 && !inputPaused) {
                    gone = !readSome(buffer);
                } else if ((m & (Posix.POLLHUP | Posix.POLLERR)) != 0) {
                    gone = true;
                }
                if (!gone && (m & Posix.POLLOUT) != 0) {
                    if (pending == null) {
                        pending = output.poll(CHUNK);
                        pendingOffset = 0;
                    }
                    int n = writeSome(pending, pendingOffset);
                    if (n < 0) {
                        gone = true;
                    } else {
                        pendingOffset += n;
                        if (pendingOffset >= pending.length) {
                            pending = null;
                        }
                    }
                }
                if (gone) {
                    pending = null;
                    left();
                }
            }
        } catch (RuntimeException e) {
            log.error("pty {} failed", slavePath, e);
        }
    }

    /** Whether someone holds the slave open: the master no longer reports a hang-up. */
    private boolean opened() {
        short[] r = Posix.poll(master, Posix.POLLIN, -1, (short) 0, 0);
        return (r[0] & Posix.POLLHUP) == 0;
    }

    private void arrived() {
        long opened = modem.nanoTime(); // the boot counts from here
        log.debug("pty {} opened", slavePath);
        modem.note("tty opened");
        open = true;
        if (!poweredOn) {
            poweredOn = true;
            modem.powerOn(opened);
        } else {
            modem.dtr(true);
        }
        present = true; // after the modem heard of it: whoever sees this can count on the boot
    }

    private void left() {
        open = false;
        present = false;
        log.debug("pty {} closed", slavePath);
        modem.note("tty closed");
        modem.dtr(false);
        output.clear();
        discardUnread();
    }

    /** What the firmware did not read before it closed the tty is lost, as on a UART. */
    private void discardUnread() {
        try {
            int slave = Posix.C.open(slavePath, Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_NONBLOCK);
            try {
                Posix.C.tcflush(slave, Posix.TCIFLUSH);
            } finally {
                Posix.closeQuietly(slave);
            }
        } catch (LastErrorException e) {
            log.debug("pty {}: cannot flush: errno {}", slavePath, e.getErrorCode());
        }
    }

    /** Reads what is there; false when the slave side is gone. */
    private boolean readSome(byte[] buffer) {
        long n;
        try {
            n = Posix.C.read(master, buffer, buffer.length);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            return errno == Posix.EAGAIN || errno == Posix.EINTR;
        }
        if (n <= 0) {
            return false; // macOS reports a closed slave as end of file
        }
        byte[] copy = java.util.Arrays.copyOf(buffer, (int) n);
        modem.received(copy, 0, copy.length);
        return true;
    }

    /** Writes what the tty takes; -1 when the slave side is gone. */
    private int writeSome(byte[] bytes, int offset) {
        if (bytes.length == offset) {
            return 0;
        }
        byte[] chunk = offset == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, offset, bytes.length);
        try {
            return (int) Posix.C.write(master, chunk, chunk.length);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            return errno == Posix.EAGAIN || errno == Posix.EINTR ? 0 : -1;
        }
    }

    private void wake() {
        try {
            Posix.C.write(wakeWrite, new byte[] {1}, 1);
        } catch (LastErrorException e) {
            // full pipe: the thread is being woken anyway
        }
    }

    private void drainWake() {
        byte[] b = new byte[64];
        try {
            while (Posix.C.read(wakeRead, b, b.length) > 0) {
                // empty it
            }
        } catch (LastErrorException e) {
            // EAGAIN: empty
        }
    }

    @Override
    public synchronized void close() {
        if (thread == null || closing) {
            return;
        }
        closing = true;
        wake();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        output.close();
        modem.linkClosedAndWait();
        closeDescriptors();
        if (symlink != null) {
            try {
                if (Files.isSymbolicLink(symlink)) {
                    Files.delete(symlink);
                }
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", symlink, e.toString());
            }
        }
    }

    private void closeDescriptors() {
        Posix.closeQuietly(master);
        Posix.closeQuietly(wakeRead);
        Posix.closeQuietly(wakeWrite);
        master = wakeRead = wakeWrite = -1;
    }

    /** The modem's side of the link. */
    private final class Port implements DtePort {
        @Override
        public void write(byte[] bytes, int offset, int length) {
            write(ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public void write(ByteBuffer data) {
            if (open) {
                output.add(data);
            }
        }

        @Override
        public boolean isWritable() {
            return output.isWritable();
        }

        @Override
        public void setInputPaused(boolean paused) {
            if (inputPaused != paused) {
                inputPaused = paused;
                wake();
            }
        }
    }
}
