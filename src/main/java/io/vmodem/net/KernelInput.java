package io.vmodem.net;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the kernel holds something a channel has not read yet: bytes, a datagram, a FIN, a
 * connection waiting to be accepted. Linux's {@code poll} with no wait on the epoll channel's
 * descriptor; elsewhere unknown, and reads as nothing.
 */
public final class KernelInput {
    private static final Logger log = LoggerFactory.getLogger(KernelInput.class);
    private static final short POLLIN = 0x001;
    private static final short POLLERR = 0x008;
    private static final short POLLHUP = 0x010;
    private static final short POLLRDHUP = 0x2000;
    private static final LibC LIBC = load();

    private KernelInput() {}

    interface LibC extends Library {
        int poll(PollFd fds, int nfds, int timeout);
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
            log.debug("no poll(2): pending kernel input is not seen", e);
            return null;
        }
    }

    /** Whether {@code channel}'s descriptor has input waiting; false where the platform does not tell. */
    public static boolean pending(Channel channel) {
        if (LIBC == null || !(channel instanceof UnixChannel unix) || !channel.isOpen()) {
            return false;
        }
        PollFd p = new PollFd();
        p.fd = unix.fd().intValue();
        p.events = POLLIN | POLLRDHUP;
        int n = LIBC.poll(p, 1, 0);
        return n > 0 && (p.revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) != 0;
    }

    /** Whether any of {@code channels} has input waiting. */
    public static boolean pending(List<? extends Channel> channels) {
        for (Channel c : channels) {
            if (pending(c)) {
                return true;
            }
        }
        return false;
    }
}
