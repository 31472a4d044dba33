package io.vmodem.dialect.sim7600;

import io.vmodem.at.Urc;
import io.vmodem.net.TcpConnection;
import java.util.function.IntFunction;

/**
 * How the SIM7600's SSL and HTTPS sessions give the host what their connection holds (AT+CCHRECV,
 * AT+CHTTPSRECV): OK first, then the data in pieces, each after its header line, then an end line.
 * The bytes are taken from the connection as each piece goes out, so what arrives meanwhile waits for
 * the next read.
 */
final class CachedReads {
    private CachedReads() {}

    /**
     * Up to {@code max} of {@code net}'s unread bytes in pieces of at most {@code chunk}, each after
     * {@code header.apply(n)}; then {@code end}, and {@code after} once it is out.
     */
    static void read(
            Sim7600Session s,
            TcpConnection net,
            int max,
            int chunk,
            IntFunction<String> header,
            String end,
            Runnable after) {
        int left = net == null ? 0 : Math.min(max, net.unread());
        while (left > 0) {
            int n = Math.min(left, chunk);
            left -= n;
            s.urc((Urc) out -> {
                out.line(header.apply(n));
                net.read(n, out.rawSink());
                return true;
            });
        }
        s.urc((Urc) out -> {
            out.line(end);
            after.run();
            return true;
        });
    }
}
