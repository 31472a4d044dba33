package io.vmodem.testing.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The HTTP peer serves what it promises, plain and HTTPS, and a slow body only as released. */
class HttpTestServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The response head of a raw request on {@code socket}, up to the empty line. */
    private static String head(Socket socket, String request) throws Exception {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void getPostRedirectAndStatus() throws Exception {
        try (HttpTestServer server = HttpTestServer.plain()) {
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            HttpResponse<String> hello = get(client, server.url("/hello"));
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo(HttpTestServer.HELLO);
            assertThat(hello.headers().firstValue("Content-Length")).hasValue("15");
            assertThat(server.awaitRequest(WAIT).method()).isEqualTo("GET");

            HttpResponse<String> echo = client.send(
                    HttpRequest.newBuilder(URI.create(server.url("/echo")))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"t\":21.5}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echo.body()).isEqualTo("{\"t\":21.5}");
            assertThat(echo.headers().firstValue("Content-Type")).hasValue("application/json");
            HttpTestServer.Request posted = server.awaitRequest(WAIT);
            assertThat(posted.method()).isEqualTo("POST");
            assertThat(posted.bodyText()).isEqualTo("{\"t\":21.5}");

            HttpResponse<String> redirect = get(client, server.url("/redirect"));
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).hasValue("/hello");
            HttpClient following = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            assertThat(get(following, server.url("/redirect/3")).body()).isEqualTo(HttpTestServer.HELLO);
            assertThat(get(client, server.url("/status/503")).statusCode()).isEqualTo(503);
            assertThat(get(client, server.url("/nothing")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aChunkedResponseIsChunked() throws Exception {
        try (HttpTestServer server = HttpTestServer.plain();
                Socket socket = new Socket(server.host(), server.port())) {
            String head = head(socket, "GET /chunked HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-Encoding: chunked");
            String rest = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(rest)
                    .isEqualTo("c\r\nfirst chunk\n\r\n15\r\nsecond, longer chunk\n\r\n5\r\nlast\n\r\n0\r\n\r\n");
        }
    }

    @Test
    void aSlowBodyComesOnlyAsTheTestReleasesIt() throws Exception {
        try (HttpTestServer server = HttpTestServer.plain();
                Socket socket = new Socket(server.host(), server.port())) {
            HttpTestServer.SlowBody body = server.slow("/slow", 10);
            String head = head(socket, "GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Length: 10");
            InputStream in = socket.getInputStream();
            body.release("abc".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("abc");
            body.release("de".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readNBytes(2), StandardCharsets.US_ASCII)).isEqualTo("de");
            body.finish();
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo(".....");
        }
    }

    @Test
    void httpsWithTheTestCertificates() throws Exception {
        TestCertificates certs = TestCertificates.get();
        try (HttpTestServer server = HttpTestServer.https(certs.server())) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(TestCertificates.trustStore(certs.ca()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(context).build();
            assertThat(server.url("/hello")).startsWith("https://127.0.0.1:");
            HttpResponse<String> hello = get(client, server.url("/hello"));
            assertThat(hello.body()).isEqualTo(HttpTestServer.HELLO);
        }
    }
}
