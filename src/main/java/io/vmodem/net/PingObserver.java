package io.vmodem.net;

import java.net.InetAddress;

/** What a ping reports, on the modem's thread: each echo, then a summary; or why none was sent. */
public interface PingObserver {

    /** One echo reply: who answered, how many payload bytes, the round trip and the reply's TTL. */
    record Reply(InetAddress address, int bytes, long timeMillis, int ttl) {}

    /** After the last request: counts and round-trip times in milliseconds. */
    record Summary(InetAddress address, int sent, int received, int lost, long min, long max, long avg) {}

    void reply(Reply reply);

    /** An echo request without a reply (TIMEOUT, or CONNECT_FAILED when unreachable). */
    void lost(NetError error);

    void finished(Summary summary);

    /** Nothing was sent: the context is inactive, the name did not resolve, or ICMP is not allowed. */
    void failed(NetError error);
}
