package io.vmodem.transport.pty;

import com.sun.jna.LastErrorException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One end of a pseudo-terminal, driven the way a firmware's host build drives its UART: open the
 * path, set it raw, write commands, read answers with a timeout. Plain JNA calls, no tools.
 */
public final class TtyEnd implements AutoCloseable {
    private final int fd;
    private final String path;
    private final ByteArrayOutputStream unread = new ByteArrayOutputStream();

    private TtyEnd(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /** Opens a tty by path, as a firmware opens its modem's device, and makes it raw. */
    public static TtyEnd open(String path) {
        int fd = Posix.C.open(path, Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_NONBLOCK);
        Posix.raw(fd);
        return new TtyEnd(fd, path);
    }

    /** A fresh pty pair: this end is the master; {@link #path()} is the slave for someone to open. */
    public static TtyEnd newMaster() {
        int fd = Posix.C.posix_openpt(Posix.O_RDWR | Posix.O_NOCTTY);
        Posix.C.grantpt(fd);
        Posix.C.unlockpt(fd);
        String slave = Posix.C.ptsname(fd);
        int s = Posix.C.open(slave, Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_NONBLOCK);
        Posix.raw(s);
        Posix.C.close(s);
        Posix.nonBlocking(fd);
        return new TtyEnd(fd, slave);
    }

    public String path() {
        return path;
    }

    public TtyEnd write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int off = 0;
        long deadline = System.currentTimeMillis() + 10_000;
        while (off < bytes.length) {
            byte[] rest = java.util.Arrays.copyOfRange(bytes, off, bytes.length);
            try {
                off += (int) Posix.C.write(fd, rest, rest.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.EAGAIN || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Posix.poll(fd, Posix.POLLOUT, -1, (short) 0, 100);
            }
        }
        return this;
    }

    /** Reads until {@code end} has come; returns everything up to it and keeps the rest. */
    public String readUntil(String end) {
        long deadline = System.currentTimeMillis() + 10_000;
        byte[] buf = new byte[4096];
        while (unread.toString(StandardCharsets.ISO_8859_1).indexOf(end) < 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("waited for " + printable(end) + " on " + path + ", have: "
                        + printable(unread.toString(StandardCharsets.ISO_8859_1)));
            }
            Posix.poll(fd, Posix.POLLIN, -1, (short) 0, (int) Math.min(left, 100));
            try {
                long n = Posix.C.read(fd, buf, buf.length);
                if (n > 0) {
                    unread.write(buf, 0, (int) n);
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Posix.EAGAIN) {
                    throw new AssertionError("read failed on " + path + ": errno " + e.getErrorCode());
                }
            }
        }
        String s = unread.toString(StandardCharsets.ISO_8859_1);
        int cut = s.indexOf(end) + end.length();
        unread.reset();
        unread.writeBytes(s.substring(cut).getBytes(StandardCharsets.ISO_8859_1));
        return s.substring(0, cut);
    }

    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public void close() {
        Posix.closeQuietly(fd);
    }
}
