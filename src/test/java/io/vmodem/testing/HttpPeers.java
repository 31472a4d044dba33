package io.vmodem.testing;

import io.vmodem.testing.peers.DnsServer;
import io.vmodem.testing.peers.HttpTestServer;
import io.vmodem.testing.peers.TestCertificates;

/**
 * The HTTP peers an HTTP(S) test talks to, started together on loopback: a plain server, an HTTPS
 * server with the test CA's certificate, one whose certificate the wrong CA signed, and a DNS server
 * that answers {@code web.test} with the plain server's address.
 */
public final class HttpPeers implements AutoCloseable {
    public final TestCertificates certs = TestCertificates.get();
    public final HttpTestServer http;
    public final HttpTestServer https;
    public final HttpTestServer wrongCa;
    public final DnsServer dns;

    public HttpPeers() throws Exception {
        http = HttpTestServer.plain();
        https = HttpTestServer.https(certs.server());
        wrongCa = HttpTestServer.https(certs.wrongCaServer());
        dns = new DnsServer().add("web.test", http.host());
    }

    @Override
    public void close() {
        dns.close();
        http.close();
        https.close();
        wrongCa.close();
    }
}
