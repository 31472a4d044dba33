package io.vmodem.net;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the kernel holds in a channel's socket queues, asked on the epoll channel's descriptor
 * through Linux's C library: input not read yet ({@code poll} with no wait: bytes, a datagram, a
 * FIN, a client to accept) and sent bytes the peer has not acknowledged ({@code SIOCOUTQ}).
 * Elsewhere both are unknown: no input reads as none, and what the kernel took as acknowledged.
 */
public final class KernelQueues {
    private static final Logger log = LoggerFactory.getLogger(KernelQueues.class);
    private static final short POLLIN = 0x001;
    private static final short POLLERR = 0x008;
    private static final short POLLHUP = 0x010;
    private static final short POLLRDHUP = 0x2000;
    private static final long SIOCOUTQ = 0x5411;
    private static final LibC LIBC = load();

    private KernelQueues() {}

    interface LibC extends Library {
        int poll(PollFd fds, int nfds, int timeout);

        int ioctl(int fd, NativeLong request, IntByReference arg);
    }

    /** {@code struct pollfd}. */
    @Structure.FieldOrder({"fd", "events", "revents"})
    public static final class PollFd extends Structure {
        public int fd;
        public short events;
        public short revents;
    }

    private static LibC load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("no C library: kernel input is not seen, and acknowledged bytes are approximated", e);
            return null;
        }
    }

    /** The descriptor of an open channel the kernel can be asked about, or -1. */
    private static int fd(Channel channel) {
        if (LIBC == null || !(channel instanceof UnixChannel unix) || !channel.isOpen()) {
            return -1;
        }
        return unix.fd().intValue();
    }

    /** Whether {@code channel}'s descriptor has input waiting; false where the platform does not tell. */
    public static boolean inputPending(Channel channel) {
        int fd = fd(channel);
        if (fd < 0) {
            return false;
        }
        PollFd p = new PollFd();
        p.fd = fd;
        p.events = POLLIN | POLLRDHUP;
        int n = LIBC.poll(p, 1, 0);
        return n > 0 && (p.revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) != 0;
    }

    /** Unacknowledged bytes in the kernel's send queue of a TCP channel, or 0 where the platform does not tell. */
    static int unacknowledged(Channel channel) {
        int fd = fd(channel);
        if (fd < 0) {
            return 0;
        }
        IntByReference out = new IntByReference();
        int rc = LIBC.ioctl(fd, new NativeLong(SIOCOUTQ), out);
        return rc == 0 ? Math.max(0, out.getValue()) : 0;
    }
}
