package io.vmodem.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The backend team's use: N modems each send a small HTTP/1.1 request through their modem (a
 * push-mode TCP socket, {@code AT+QISEND}) to a real HTTP server once a second and read the
 * answer from the {@code +QIURC: "recv"} URCs; the same requests from N plain sockets in the same
 * run are the baseline. One thread drives both fleets, which run at once, so whatever the machine
 * does falls on both. The latency is from the command (or the plain write) to the whole answer.
 */
final class FleetRow {
    private static final Pattern PUSH = Pattern.compile("\\+QIURC: \"recv\",0,(\\d+)");
    private static final byte[] REQUEST =
            "GET /fleet HTTP/1.1\r\nHost: backend\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int RAMP_WINDOW = 100;

    private FleetRow() {}

    static List<Row> run(int n, boolean quick) throws Exception {
        long settle = quick ? 2_000 : 5_000;
        long window = quick ? 5_000 : 10_000;
        try (Child http = Child.java(
                        "fleet-http",
                        // The JDK server closes idle connections beyond 200, and after 30 s idle.
                        List.of(
                                "-Xmx256m",
                                "-Dsun.net.httpserver.maxIdleConnections=100000",
                                "-Dsun.net.httpserver.idleInterval=3600"),
                        List.of(HttpPeer.class.getName()),
                        Pattern.compile("HTTP port=(\\d+)"));
                Child vmodem = Bench.vmodem("fleet-vmodem");
                Fleet fleet = new Fleet()) {
            InetSocketAddress link = Bench.address(vmodem);
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(http.group(1)));
            fleet.start(n, link, server);
            Thread.sleep(settle);
            fleet.record(true);
            long t0 = System.nanoTime();
            Thread.sleep(window);
            fleet.record(false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Stats m = fleet.modems.get(), p = fleet.plain.get();
            System.err.printf(
                    Locale.ROOT,
                    "  fleet of %d: modems %d answers, %d errors, p50 %.2f ms, p99 %.2f ms;"
                            + " plain sockets %d answers, %d errors, p50 %.2f ms, p99 %.2f ms%n",
                    n,
                    m.latencies.size(),
                    m.errors,
                    m.latencies.percentile(0.5) / 1e6,
                    m.latencies.percentile(0.99) / 1e6,
                    p.latencies.size(),
                    p.errors,
                    p.latencies.percentile(0.5) / 1e6,
                    p.latencies.percentile(0.99) / 1e6);
            String what = n + " modems, one HTTP request a second each";
            return List.of(
                    Row.of(
                            what + ": answers/s vs plain sockets",
                            m.latencies.size() / seconds,
                            p.latencies.size() / seconds,
                            "/s",
                            new Row.RatioAtLeast(0.99)),
                    Row.of(
                            what + ": p50 request → answer vs plain sockets",
                            m.latencies.percentile(0.5) / 1e6,
                            p.latencies.percentile(0.5) / 1e6,
                            "ms",
                            new Row.None()),
                    Row.of(
                            what + ": p99 request → answer vs plain sockets",
                            m.latencies.percentile(0.99) / 1e6,
                            p.latencies.percentile(0.99) / 1e6,
                            "ms",
                            new Row.AtMost(20, "ms")),
                    Row.of(what + ": errors vs plain sockets", m.errors, p.errors, "", new Row.NotAbove()));
        }
    }

    /** What one fleet recorded: latencies of whole answers, and requests that failed or came late. */
    static final class Stats {
        final Latencies latencies = new Latencies();
        long errors;
    }

    /** Both fleets, on one driver thread. */
    private static final class Fleet implements AutoCloseable {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("fleet", true), EpollIoHandler.newFactory());
        private final Random random = new Random(2);
        private final Stats modemStats = new Stats(), plainStats = new Stats();
        private final List<Channel> channels = new ArrayList<>();
        private final AtomicInteger up = new AtomicInteger(), failed = new AtomicInteger();
        private final List<String> failures = new ArrayList<>();
        private boolean recording;

        final java.util.function.Supplier<Stats> modems = () -> modemStats, plain = () -> plainStats;

        void start(int n, InetSocketAddress link, InetSocketAddress server) throws Exception {
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true);
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(RAMP_WINDOW);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                ViaModem m = new ViaModem(server.getPort(), inFlight);
                connect(b, link, m, i);
                connect(b, server, new Plain(), i);
                if (failed.get() > 0 || System.nanoTime() > deadline) {
                    throw new IOException(failed.get() + " modems failed: " + onLoop(() -> List.copyOf(failures)));
                }
            }
            while (up.get() < 2 * n) {
                if (failed.get() > 0 || System.nanoTime() > deadline) {
                    throw new IOException(
                            "fleet: " + up.get() / 2 + " of " + n + " up; " + onLoop(() -> List.copyOf(failures)));
                }
                Thread.sleep(20);
            }
        }

        private void connect(Bootstrap b, InetSocketAddress to, ChannelInboundHandlerAdapter handler, int i) {
            b.clone()
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(handler);
                        }
                    })
                    .connect(to, new InetSocketAddress("127.0.0." + (2 + i % 8), 0))
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            fail("connect failed: " + f.cause());
                        }
                    });
        }

        void record(boolean on) throws Exception {
            onLoop(() -> {
                if (on) {
                    modemStats.latencies.clear();
                    modemStats.errors = 0;
                    plainStats.latencies.clear();
                    plainStats.errors = 0;
                }
                recording = on;
                return null;
            });
        }

        private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
            return group.next().submit(task).get();
        }

        void fail(String why) {
            failed.incrementAndGet();
            if (failures.size() < 10) {
                failures.add(why);
            }
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }

        /** Counts an HTTP answer's bytes: its head, then Content-Length bytes of body. */
        private static final class Answer {
            private final StringBuilder head = new StringBuilder();
            private int bodyLeft = -1;

            /** Takes bytes; true once an answer is whole (the rest of the bytes then start the next). */
            boolean take(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (bodyLeft < 0) {
                        head.append((char) (b[i] & 0xff));
                        if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                            String h = head.toString().toLowerCase(Locale.ROOT);
                            int at = h.indexOf("content-length:");
                            bodyLeft = at < 0
                                    ? 0
                                    : Integer.parseInt(h.substring(at + 15, h.indexOf('\r', at))
                                            .trim());
                            if (!h.startsWith("http/1.1 200")) {
                                throw new IllegalStateException("answered " + head);
                            }
                        }
                    } else if (bodyLeft > 0) {
                        bodyLeft--;
                    }
                    if (bodyLeft == 0) {
                        head.setLength(0);
                        bodyLeft = -1;
                        return true; // one request at a time: nothing follows
                    }
                }
                return false;
            }
        }

        /** One request a second at a random phase; a tick that finds the last one unanswered is an error. */
        private abstract class Client extends ChannelInboundHandlerAdapter {
            Channel channel;
            long sentAt;
            boolean waiting;
            final Answer answer = new Answer();
            final Stats stats;

            Client(Stats stats) {
                this.stats = stats;
            }

            void ready() {
                up.incrementAndGet();
                long phase = (long) (random.nextDouble() * 1000);
                channel.eventLoop().scheduleAtFixedRate(this::tick, phase, 1000, TimeUnit.MILLISECONDS);
            }

            private void tick() {
                if (waiting) {
                    if (recording) {
                        stats.errors++; // still no answer after a second
                    }
                    return;
                }
                waiting = true;
                sentAt = System.nanoTime();
                request();
            }

            abstract void request();

            void answered(byte[] b, int off, int len) {
                if (answer.take(b, off, len) && waiting) {
                    waiting = false;
                    if (recording) {
                        stats.latencies.add(System.nanoTime() - sentAt);
                    }
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                fail(getClass().getSimpleName() + ": connection closed");
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                fail(getClass().getSimpleName() + ": " + cause);
                ctx.close();
            }
        }

        /** The baseline: a plain socket to the server. */
        private final class Plain extends Client {
            Plain() {
                super(plainStats);
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                channel = ctx.channel();
                ready();
            }

            @Override
            void request() {
                channel.writeAndFlush(Unpooled.wrappedBuffer(REQUEST), channel.voidPromise());
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                try {
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    answered(bytes, 0, bytes.length);
                } finally {
                    buf.release();
                }
            }
        }

        /** A modem: boots, activates, opens a push-mode socket to the server, then sends through it. */
        private final class ViaModem extends Client implements AtStream.Listener {
            private final int serverPort;
            private final java.util.concurrent.Semaphore inFlight;
            private final AtStream stream = new AtStream(this);
            private String step = "boot";

            ViaModem(int serverPort, java.util.concurrent.Semaphore inFlight) {
                super(modemStats);
                this.serverPort = serverPort;
                this.inFlight = inFlight;
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                channel = ctx.channel();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                stream.feed((ByteBuf) msg);
            }

            @Override
            public void line(String line) {
                var m = PUSH.matcher(line);
                if (m.matches()) {
                    stream.expectData(Integer.parseInt(m.group(1)));
                    return;
                }
                switch (step) {
                    case "boot" -> {
                        if (line.equals("+QIND: PB DONE")) {
                            command("ATE0", "echo");
                        }
                    }
                    case "echo" -> next(line, "AT+QIACT=1", "activate");
                    case "activate" -> next(line, "AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + serverPort + ",0,1", "open");
                    case "open" -> {
                        if (line.equals("+QIOPEN: 0,0")) {
                            step = "up";
                            inFlight.release();
                            ready();
                        } else if (!line.equals("OK")) {
                            fail("AT+QIOPEN answered " + line);
                        }
                    }
                    case "send" -> {
                        if (!line.equals("SEND OK")) {
                            stats.errors += recording ? 1 : 0;
                            waiting = false;
                        }
                        step = "up";
                    }
                    default -> {
                        if (line.startsWith("+QIURC: \"closed\"") || line.contains("ERROR")) {
                            fail("modem: " + line);
                        }
                    }
                }
            }

            private void next(String line, String command, String step) {
                if (line.equals("OK")) {
                    command(command, step);
                } else if (!line.startsWith("ATE0")) {
                    fail(this.step + " answered " + line);
                }
            }

            private void command(String command, String step) {
                this.step = step;
                channel.writeAndFlush(
                        Unpooled.wrappedBuffer((command + "\r").getBytes(StandardCharsets.ISO_8859_1)),
                        channel.voidPromise());
            }

            @Override
            void request() {
                command("AT+QISEND=0," + REQUEST.length, "prompt");
            }

            @Override
            public void prompt() {
                if (step.equals("prompt")) {
                    step = "send";
                    channel.writeAndFlush(Unpooled.wrappedBuffer(REQUEST), channel.voidPromise());
                }
            }

            @Override
            public void data(byte[] bytes, int offset, int length) {
                answered(bytes, offset, length);
            }
        }
    }
}
