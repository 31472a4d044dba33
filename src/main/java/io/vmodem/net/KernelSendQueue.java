package io.vmodem.net;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;
import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes a TCP socket has handed to the kernel that the peer has not yet acknowledged: Linux's
 * {@code SIOCOUTQ} on the epoll channel's descriptor. Elsewhere it is unknown and reads as zero,
 * so what the kernel took counts as acknowledged.
 */
final class KernelSendQueue {
    private static final Logger log = LoggerFactory.getLogger(KernelSendQueue.class);
    private static final long SIOCOUTQ = 0x5411;
    private static final LibC LIBC = load();

    private KernelSendQueue() {}

    interface LibC extends Library {
        int ioctl(int fd, NativeLong request, IntByReference arg);
    }

    private static LibC load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("no SIOCOUTQ: acknowledged bytes are approximated", e);
            return null;
        }
    }

    static boolean available() {
        return LIBC != null;
    }

    /** Unacknowledged bytes in the kernel's send queue, or 0 where the platform does not tell. */
    static int unacknowledged(Channel channel) {
        if (LIBC == null || !(channel instanceof UnixChannel epoll) || !channel.isOpen()) {
            return 0;
        }
        IntByReference out = new IntByReference();
        int rc = LIBC.ioctl(epoll.fd().intValue(), new NativeLong(SIOCOUTQ), out);
        return rc == 0 ? Math.max(0, out.getValue()) : 0;
    }
}
