package com.example.modem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Quectel BG96 driver, as a firmware has one: AT commands over the module's UART, one TCP
 * connection at a time in context 1. The UART here is a TCP socket (an emulator's serial-over-TCP);
 * a firmware would read and write its serial port the same way.
 *
 * <pre>
 * AT+QICSGP=1,1,"apn","","",1 / AT+QIACT=1          activate()
 * AT+QIOPEN=1,id,"TCP","host",port,0,0 ... +QIOPEN: id,err   open()
 * AT+QISEND=id,n  &gt;  data  SEND OK                 send(), upload()
 * AT+QIRD=id,n  +QIRD: n  data  OK                  read()
 * AT+QICLOSE=id                                      close(id)
 * </pre>
 */
public final class Bg96Driver implements AutoCloseable {
    /** The module answered ERROR (or +CME ERROR) where the driver expected OK. */
    public static class ModemError extends IOException {
        private static final long serialVersionUID = 1L;

        ModemError(String message) {
            super(message);
        }
    }

    /** The connection could not be opened: the module's error code (+QIOPEN: id,err), 566 for a refusal. */
    public static final class ConnectFailed extends ModemError {
        private static final long serialVersionUID = 1L;
        private final int code;

        ConnectFailed(int code) {
            super("connect failed: +QIOPEN error " + code);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** The connection or the PDP context went away during an upload, after {@link #sent()} bytes. */
    public static final class ConnectionLost extends ModemError {
        private static final long serialVersionUID = 1L;
        private final long sent;

        ConnectionLost(long sent, String why) {
            super("connection lost after " + sent + " bytes: " + why);
            this.sent = sent;
        }

        /** Bytes the module confirmed (SEND OK) before the loss. */
        public long sent() {
            return sent;
        }
    }

    private static final Pattern QIOPEN = Pattern.compile("\\+QIOPEN: (\\d+),(\\d+)");
    private static final Pattern QIRD = Pattern.compile("\\+QIRD: (\\d+)");

    private final Socket uart;
    private final InputStream in;
    private final OutputStream out;
    private final List<String> urcs = new ArrayList<>();
    private final java.util.Set<Integer> dataWaiting = new java.util.HashSet<>();
    private boolean contextLost;

    private Bg96Driver(Socket uart) throws IOException {
        this.uart = uart;
        this.in = uart.getInputStream();
        this.out = uart.getOutputStream();
    }

    /**
     * Opens the UART and waits for the module to boot (RDY), then sets it up: echo off, numeric
     * errors. A read that waits longer than {@code timeout} fails.
     */
    public static Bg96Driver connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket s = new Socket(address.getAddress(), address.getPort());
        s.setSoTimeout((int) timeout.toMillis());
        Bg96Driver d = new Bg96Driver(s);
        try {
            while (!d.line().equals("RDY")) {
                // boot messages before RDY are of no use to the driver
            }
            d.command("ATE0");
            d.command("AT+CMEE=1");
            return d;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Configures context 1 with {@code apn} and activates it. */
    public void activate(String apn) throws IOException {
        command("AT+QICSGP=1,1,\"" + apn + "\",\"\",\"\",1");
        command("AT+QIACT=1");
        contextLost = false;
    }

    /** Opens TCP connection {@code id} to {@code host:port}; waits for the module's +QIOPEN report. */
    public void open(int id, String host, int port) throws IOException {
        command("AT+QIOPEN=1," + id + ",\"TCP\",\"" + host + "\"," + port + ",0,0");
        while (true) {
            Matcher m = QIOPEN.matcher(line());
            if (m.matches() && Integer.parseInt(m.group(1)) == id) {
                int err = Integer.parseInt(m.group(2));
                if (err != 0) {
                    throw new ConnectFailed(err);
                }
                return;
            }
        }
    }

    /** Sends {@code data} on connection {@code id}: the prompt, the bytes, SEND OK. */
    public void send(int id, byte[] data) throws IOException {
        write("AT+QISEND=" + id + "," + data.length + "\r");
        String answer = promptOrLine();
        if (!answer.equals("> ")) {
            throw failure(answer);
        }
        out.write(data);
        out.flush();
        String result = line();
        if (!result.equals("SEND OK")) {
            throw new ModemError("AT+QISEND: " + result);
        }
    }

    /**
     * Sends {@code payload} in pieces of {@code chunk} bytes, as a firmware streams a file.
     *
     * @throws ConnectionLost if the connection or the context goes meanwhile, with what went out
     */
    public void upload(int id, byte[] payload, int chunk) throws IOException {
        long sent = 0;
        for (int off = 0; off < payload.length; off += chunk) {
            byte[] piece = java.util.Arrays.copyOfRange(payload, off, Math.min(payload.length, off + chunk));
            try {
                send(id, piece);
            } catch (ModemError e) {
                throw new ConnectionLost(sent, contextLost ? "the PDP context was deactivated" : e.getMessage());
            }
            sent += piece.length;
        }
    }

    /** Waits for the module to report data received on connection {@code id} (+QIURC: "recv",id). */
    public void awaitData(int id) throws IOException {
        while (!dataWaiting.remove(id)) {
            String l = rawLine(false);
            if (!urc(l)) {
                throw new ModemError("unexpected while waiting for data: " + l);
            }
        }
    }

    /** Reads what connection {@code id} has received, at most {@code max} bytes (none: an empty array). */
    public byte[] read(int id, int max) throws IOException {
        write("AT+QIRD=" + id + "," + max + "\r");
        String first = line();
        Matcher m = QIRD.matcher(first);
        if (!m.matches()) {
            throw failure(first);
        }
        byte[] data = in.readNBytes(Integer.parseInt(m.group(1)));
        awaitOk("AT+QIRD");
        return data;
    }

    /** Closes connection {@code id}. */
    public void close(int id) throws IOException {
        command("AT+QICLOSE=" + id);
    }

    /** Whether the module reported the PDP context deactivated by the network since it was activated. */
    public boolean contextLost() {
        return contextLost;
    }

    /** The unsolicited result codes seen so far. */
    public List<String> urcs() {
        return List.copyOf(urcs);
    }

    @Override
    public void close() throws IOException {
        uart.close();
    }

    // ---- the UART ----

    /** Sends a command line and waits for its OK; the lines before it come back. */
    private List<String> command(String line) throws IOException {
        write(line + "\r");
        return awaitOk(line);
    }

    private List<String> awaitOk(String command) throws IOException {
        List<String> info = new ArrayList<>();
        while (true) {
            String l = line();
            if (l.equals("OK")) {
                return info;
            }
            if (l.equals("ERROR") || l.startsWith("+CME ERROR")) {
                throw new ModemError(command + ": " + l);
            }
            info.add(l);
        }
    }

    private ModemError failure(String line) {
        return new ModemError(line);
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The next line that is not a URC; URCs on the way are noted. */
    private String line() throws IOException {
        while (true) {
            String l = rawLine(false);
            if (!urc(l)) {
                return l;
            }
        }
    }

    /** After AT+QISEND: the "> " prompt, or the line that says why not. */
    private String promptOrLine() throws IOException {
        while (true) {
            String l = rawLine(true);
            if (!urc(l)) {
                return l;
            }
        }
    }

    private boolean urc(String line) {
        if (line.startsWith("+QIURC:")) {
            urcs.add(line);
            if (line.startsWith("+QIURC: \"pdpdeact\"")) {
                contextLost = true;
            } else if (line.startsWith("+QIURC: \"recv\",")) {
                dataWaiting.add(
                        Integer.parseInt(line.substring(line.indexOf(',') + 1).trim()));
            }
            return true;
        }
        return false;
    }

    /** A line without its CR LF, blank lines skipped; with {@code prompt}, "> " counts as a line. */
    private String rawLine(boolean prompt) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                throw new ModemError("no answer from the module; so far: " + b);
            }
            if (c < 0) {
                throw new ModemError("the UART closed");
            }
            if (c == '\n') {
                String l = b.toString(StandardCharsets.ISO_8859_1).strip();
                if (!l.isEmpty()) {
                    return l;
                }
                b.reset();
                continue;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (prompt
                    && b.size() == 2
                    && b.toString(StandardCharsets.ISO_8859_1).equals("> ")) {
                return "> ";
            }
        }
    }
}
