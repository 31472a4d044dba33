package io.vmodem.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A real HTTP/1.1 server for the fleet row, in its own process: the JDK's HTTP server, answering
 * every request with a small fixed body on a kept-alive connection. Prints {@code HTTP port=<n>}
 * once listening; exits when its standard input closes.
 */
public final class HttpPeer {
    static final byte[] BODY = "{\"ok\":true}\n".getBytes(StandardCharsets.ISO_8859_1);

    private HttpPeer() {}

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("HTTP port=" + server.getAddress().getPort());
        System.out.flush();
        Bench.exitWhenStdinCloses();
    }
}
