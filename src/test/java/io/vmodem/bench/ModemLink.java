package io.vmodem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * One modem over vmodem's TCP link, driven with blocking reads as a simple host driver would: send
 * a command, read until its final result. Data announced by {@code +QIRD: <n>} and by push-mode
 * {@code +QIURC: "recv",<id>,<n>} is counted (and, for {@code +QIRD}, kept) but never scanned.
 */
final class ModemLink implements AutoCloseable {
    private static final String PUSH_PREFIX = "+QIURC: \"recv\",";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtStream stream;
    private final byte[] buf = new byte[64 * 1024];
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private boolean prompted;
    private long pushBytes;
    private long readBytes;

    ModemLink(InetSocketAddress vmodem) throws IOException {
        socket = new Socket(vmodem.getAddress(), vmodem.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        stream = new AtStream(new AtStream.Listener() {
            private boolean push;

            @Override
            public void line(String line) {
                if (line.startsWith(PUSH_PREFIX)) {
                    int comma = line.indexOf(',', PUSH_PREFIX.length());
                    if (comma > 0) { // push mode: +QIURC: "recv",<id>,<length>
                        push = true;
                        stream.expectData(Integer.parseInt(line, comma + 1, line.length(), 10));
                        return;
                    }
                }
                if (line.startsWith("+QIRD: ") && line.indexOf(',') < 0) {
                    push = false;
                    stream.expectData(Integer.parseInt(line, "+QIRD: ".length(), line.length(), 10));
                }
                lines.add(line);
            }

            @Override
            public void prompt() {
                prompted = true;
            }

            @Override
            public void data(byte[] bytes, int offset, int length) {
                if (push) {
                    pushBytes += length;
                } else {
                    readBytes += length;
                }
            }
        });
    }

    /** A modem that has booted, with echo off. */
    static ModemLink booted(InetSocketAddress vmodem) throws IOException {
        ModemLink link = new ModemLink(vmodem);
        link.awaitLine("+QIND: PB DONE"::equals);
        link.command("ATE0");
        return link;
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** Sends a command line and returns its final result; information lines stay queued. */
    String command(String line) throws IOException {
        write(line + "\r");
        String result = awaitLine(ModemLink::isFinal);
        if (!result.equals("OK")) {
            throw new IOException(line + " answered " + result);
        }
        return result;
    }

    /** Reads until a line matches; lines before it are dropped. */
    String awaitLine(Predicate<String> wanted) throws IOException {
        while (true) {
            while (!lines.isEmpty()) {
                String l = lines.poll();
                if (wanted.test(l)) {
                    return l;
                }
            }
            readSome();
        }
    }

    void awaitPrompt() throws IOException {
        while (!prompted) {
            readSome();
        }
        prompted = false;
    }

    /** Total payload bytes of push-mode "recv" URCs so far. */
    long pushBytes() {
        return pushBytes;
    }

    /** Total payload bytes of {@code +QIRD} replies so far. */
    long readBytes() {
        return readBytes;
    }

    /** One read from the link, parsed. */
    void readSome() throws IOException {
        int n = in.read(buf);
        if (n < 0) {
            throw new IOException("the link closed");
        }
        stream.feed(buf, 0, n);
    }

    static boolean isFinal(String line) {
        return line.equals("OK")
                || line.equals("ERROR")
                || line.startsWith("+CME ERROR")
                || line.equals("SEND OK")
                || line.equals("SEND FAIL")
                || line.equals("CONNECT")
                || line.equals("NO CARRIER");
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
