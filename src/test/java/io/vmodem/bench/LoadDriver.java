package io.vmodem.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many modems at once, as a fleet simulation drives them: each has its own TCP link to vmodem,
 * turns echo off, activates a context, opens a push-mode socket to the peer's echo service and
 * then, once per period, sends a small message with {@code AT+QISEND=0,16} (command, prompt, data,
 * {@code SEND OK}), whose echo comes back as a {@code +QIURC: "recv"} URC. The time from the
 * command to {@code SEND OK} is the latency recorded. A period of 0 sends back to back, each
 * message as soon as the previous one is done. One event loop thread drives every modem.
 */
final class LoadDriver implements AutoCloseable {
    private static final Pattern PUSH = Pattern.compile("\\+QIURC: \"recv\",0,(\\d+)");
    private static final byte[] MESSAGE = "hello from modem".getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_FAILURES_KEPT = 10;
    private static final int LINK_SOURCES = 8;

    private final InetSocketAddress vmodem;
    private final int peerPort;
    private final long periodMillis;
    private final EventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("driver", true), EpollIoHandler.newFactory());
    private final Bootstrap bootstrap;
    private final Random random = new Random(1);

    // touched only on the driver's loop
    private final Latencies recorded = new Latencies();
    private boolean recording;
    private final List<String> failures = new ArrayList<>();
    private long sends;
    private long sendFailures;
    private long lateTicks;
    private long echoedBytes;

    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<Channel> channels = new ArrayList<>();

    LoadDriver(InetSocketAddress vmodem, int peerPort, long periodMillis) {
        this.vmodem = vmodem;
        this.peerPort = peerPort;
        this.periodMillis = periodMillis;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    }

    /**
     * Adds modems until {@code n} are up, with at most {@code window} setting up at once, so the
     * ramp goes as fast as the machine answers and no faster.
     */
    void rampTo(int n, int window, long timeoutMillis) throws IOException, InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int started = ready.get();
        while (started < n) {
            if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                check(deadline, n);
            } else {
                started++;
                Modem m = new Modem(inFlight);
                bootstrap
                        .clone()
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(m);
                            }
                        })
                        // From one of several loopback addresses: a host has fewer ephemeral ports
                        // (28 232 by default) than a 30 000-modem run has links to vmodem's one port.
                        .connect(vmodem, new InetSocketAddress("127.0.0." + (2 + started % LINK_SOURCES), 0))
                        .addListener((ChannelFutureListener) f -> {
                            if (!f.isSuccess()) {
                                m.fail("link connect failed: " + f.cause());
                            } else {
                                synchronized (channels) {
                                    channels.add(f.channel());
                                }
                            }
                        });
            }
            if (System.nanoTime() > nextReport) {
                nextReport += TimeUnit.SECONDS.toNanos(5);
                System.err.printf("  ramp: %d of %d modems up%n", ready.get(), n);
            }
        }
        while (ready.get() < n) {
            check(deadline, n);
            Thread.sleep(20);
        }
    }

    private void check(long deadline, int n) throws IOException {
        if (failed.get() > 0) {
            throw new IOException(failed.get() + " modems failed: " + onLoop(() -> List.copyOf(failures)));
        }
        if (System.nanoTime() > deadline) {
            throw new IOException("only " + ready.get() + " of " + n + " modems came up in time");
        }
    }

    int ready() {
        return ready.get();
    }

    /** Starts recording send latencies (and counting sends and failures) from now. */
    void startRecording() {
        onLoop(() -> {
            recorded.clear();
            sends = 0;
            sendFailures = 0;
            lateTicks = 0;
            recording = true;
            return null;
        });
    }

    /** Stops recording; what was recorded since {@link #startRecording}. */
    Window stopRecording() {
        return onLoop(() -> {
            recording = false;
            Latencies copy = new Latencies();
            copy.addAll(recorded);
            return new Window(copy, sends, sendFailures, lateTicks, failed.get());
        });
    }

    /** A measurement window: latencies of completed sends, and what went wrong meanwhile. */
    record Window(Latencies latencies, long sends, long sendFailures, long lateTicks, int failedModems) {}

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        try {
            return group.next().submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        synchronized (channels) {
            for (Channel c : channels) {
                c.close();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private enum State {
        BOOTING,
        ECHO_OFF,
        ACTIVATING,
        OPENING,
        IDLE,
        AWAIT_PROMPT,
        AWAIT_SEND_OK,
        FAILED
    }

    /** One modem's link: a small state machine fed by {@link AtStream}. */
    private final class Modem extends ChannelInboundHandlerAdapter implements AtStream.Listener {
        private final Semaphore inFlight;
        private final AtStream stream = new AtStream(this);
        private Channel channel;
        private State state = State.BOOTING;
        private boolean setupDone;
        private long sentAt;

        Modem(Semaphore inFlight) {
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
            Matcher m = PUSH.matcher(line);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                echoedBytes += n;
                stream.expectData(n);
                return;
            }
            if (line.startsWith("+QIURC: \"closed\"")) {
                fail("socket closed by the network");
                return;
            }
            switch (state) {
                case BOOTING -> {
                    if (line.equals("+QIND: PB DONE")) {
                        send("ATE0", State.ECHO_OFF);
                    }
                }
                case ECHO_OFF -> expectOk(line, "AT+QIACT=1", State.ACTIVATING);
                case ACTIVATING -> expectOk(
                        line, "AT+QIOPEN=1,0,\"TCP\",\"127.0.0.1\"," + peerPort + ",0,1", State.OPENING);
                case OPENING -> {
                    if (line.equals("+QIOPEN: 0,0")) {
                        opened();
                    } else if (!line.equals("OK")) {
                        fail("AT+QIOPEN answered " + line);
                    }
                }
                case AWAIT_SEND_OK -> {
                    if (line.equals("SEND OK")) {
                        if (recording) {
                            recorded.add(System.nanoTime() - sentAt);
                            sends++;
                        }
                    } else if (recording) {
                        sendFailures++;
                    }
                    state = State.IDLE;
                    if (periodMillis == 0) {
                        channel.eventLoop().execute(this::tick);
                    }
                }
                case AWAIT_PROMPT -> {
                    if (recording) {
                        sendFailures++;
                    }
                    state = State.IDLE;
                }
                default -> {}
            }
        }

        private void expectOk(String line, String next, State nextState) {
            if (line.equals("OK")) {
                send(next, nextState);
            } else if (!line.startsWith("ATE0")) {
                fail(state + " answered " + line);
            }
        }

        private void opened() {
            state = State.IDLE;
            setupDone = true;
            ready.incrementAndGet();
            inFlight.release();
            if (periodMillis == 0) {
                tick();
                return;
            }
            long phase = (long) (random.nextDouble() * periodMillis);
            channel.eventLoop().scheduleAtFixedRate(this::tick, phase, periodMillis, TimeUnit.MILLISECONDS);
        }

        private void tick() {
            if (!channel.isActive()) {
                return;
            }
            if (state != State.IDLE) {
                if (recording) {
                    lateTicks++;
                }
                return;
            }
            sentAt = System.nanoTime();
            send("AT+QISEND=0," + MESSAGE.length, State.AWAIT_PROMPT);
        }

        @Override
        public void prompt() {
            if (state == State.AWAIT_PROMPT) {
                state = State.AWAIT_SEND_OK;
                channel.writeAndFlush(Unpooled.wrappedBuffer(MESSAGE), channel.voidPromise());
            }
        }

        private void send(String command, State next) {
            state = next;
            channel.writeAndFlush(
                    Unpooled.wrappedBuffer((command + "\r").getBytes(StandardCharsets.ISO_8859_1)),
                    channel.voidPromise());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state != State.FAILED) {
                fail("link closed");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail("link failed: " + cause);
            ctx.close();
        }

        void fail(String why) {
            if (state == State.FAILED) {
                return;
            }
            state = State.FAILED;
            failed.incrementAndGet();
            if (failures.size() < MAX_FAILURES_KEPT) {
                failures.add(why);
            }
            if (!setupDone) {
                inFlight.release();
            }
        }
    }
}
