package io.vmodem.transport.pty;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few C library calls a pseudo-terminal needs, through JNA, with the constants of Linux and
 * macOS. Struct layouts are avoided: {@code termios} is an opaque buffer that {@code cfmakeraw}
 * fills, and {@code pollfd} ({@code int fd; short events; short revents}) is the same on both.
 */
final class Posix {
    static final boolean MAC = Platform.isMac();

    static final int O_RDWR = 2;
    static final int O_NOCTTY = MAC ? 0x20000 : 0x100;
    static final int O_NONBLOCK = MAC ? 0x4 : 0x800;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int TCSANOW = 0;
    static final int TCIFLUSH = MAC ? 1 : 0;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = MAC ? 35 : 11;

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    /** Larger than {@code struct termios} on either system (60 bytes on Linux, 72 on macOS). */
    private static final int TERMIOS_BYTES = 256;

    interface LibC extends Library {
        int posix_openpt(int flags) throws LastErrorException;

        int grantpt(int fd) throws LastErrorException;

        int unlockpt(int fd) throws LastErrorException;

        String ptsname(int fd);

        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        long read(int fd, byte[] buffer, long count) throws LastErrorException;

        long write(int fd, byte[] buffer, long count) throws LastErrorException;

        int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

        int pipe(int[] fds) throws LastErrorException;

        int fcntl(int fd, int command, Object... args) throws LastErrorException;

        int tcgetattr(int fd, Pointer termios) throws LastErrorException;

        int tcsetattr(int fd, int action, Pointer termios) throws LastErrorException;

        void cfmakeraw(Pointer termios);

        int tcflush(int fd, int queue) throws LastErrorException;
    }

    static final LibC C = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

    private Posix() {}

    /** Whether pseudo-terminals can be made here. */
    static boolean supported() {
        return Platform.isLinux() || MAC;
    }

    static void nonBlocking(int fd) {
        int flags = C.fcntl(fd, F_GETFL, 0);
        C.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }

    /** Raw mode: no echo, no line editing, no CR/LF translation, no signals; 8 bits through. */
    static void raw(int fd) {
        Memory termios = new Memory(TERMIOS_BYTES);
        termios.clear();
        C.tcgetattr(fd, termios);
        C.cfmakeraw(termios);
        C.tcsetattr(fd, TCSANOW, termios);
    }

    static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            C.close(fd);
        } catch (LastErrorException e) {
            // already gone
        }
    }

    /** Polls up to two descriptors; returns their revents (0 where not ready). */
    static short[] poll(int fd1, short events1, int fd2, short events2, int timeoutMillis) {
        Memory fds = new Memory(16);
        fds.setInt(0, fd1);
        fds.setShort(4, events1);
        fds.setShort(6, (short) 0);
        fds.setInt(8, fd2);
        fds.setShort(12, events2);
        fds.setShort(14, (short) 0);
        try {
            C.poll(fds, 2, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EINTR) {
                throw e;
            }
            return new short[] {0, 0};
        }
        return new short[] {fds.getShort(6), fds.getShort(14)};
    }
}
