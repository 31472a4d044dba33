package io.vmodem.testing;

import io.vmodem.testing.peers.ControlledServer;
import io.vmodem.testing.peers.TestCertificates;
import io.vmodem.testing.peers.TlsEchoServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The TLS peers a TLS transcript talks to, started together on loopback: an echo server with the
 * right certificate, one that requires a client certificate from the test CA, one whose certificate
 * the wrong CA signed, one whose certificate expired, and a plain TCP server that never speaks TLS.
 * {@link #variables} names them and the certificates' PEM text for the transcripts; {@link
 * #actions} lets a transcript drop the echo server's clients or close the plain server's.
 */
public final class TlsPeers implements AutoCloseable {
    public final TestCertificates certs = TestCertificates.get();
    public final TlsEchoServer echo;
    public final TlsEchoServer mutual;
    public final TlsEchoServer wrongCa;
    public final TlsEchoServer expired;
    public final ControlledServer silent;

    public TlsPeers() throws Exception {
        echo = TlsEchoServer.serving(certs.server()).start();
        mutual = TlsEchoServer.serving(certs.server()).requireClient(certs.ca()).start();
        wrongCa = TlsEchoServer.serving(certs.wrongCaServer()).start();
        expired = TlsEchoServer.serving(certs.expiredServer()).start();
        silent = new ControlledServer();
    }

    public Map<String, String> variables() {
        Map<String, String> vars = new HashMap<>();
        vars.put("TLS_HOST", echo.host());
        vars.put("TLS_PORT", String.valueOf(echo.port()));
        vars.put("MUTUAL_HOST", mutual.host());
        vars.put("MUTUAL_PORT", String.valueOf(mutual.port()));
        vars.put("WRONG_CA_HOST", wrongCa.host());
        vars.put("WRONG_CA_PORT", String.valueOf(wrongCa.port()));
        vars.put("EXPIRED_HOST", expired.host());
        vars.put("EXPIRED_PORT", String.valueOf(expired.port()));
        vars.put("SERVER_HOST", silent.host());
        vars.put("SERVER_PORT", String.valueOf(silent.port()));
        pem(vars, "CA", certs.ca().certificatePem());
        pem(vars, "CLIENT", certs.client().certificatePem());
        pem(vars, "KEY", certs.client().keyPem());
        return vars;
    }

    /** {@code <name>_PEM} and its length in bytes, {@code <name>_LEN}, as a transcript uploads it. */
    public static void pem(Map<String, String> vars, String name, String pem) {
        vars.put(name + "_PEM", pem);
        vars.put(name + "_LEN", String.valueOf(pem.getBytes(StandardCharsets.US_ASCII).length));
    }

    /** {@code tls.drop}, {@code server.next}, {@code server.close}. */
    public Map<String, Consumer<String>> actions() {
        Map<String, Consumer<String>> actions = new HashMap<>();
        ControlledServer.Client[] current = {null};
        actions.put("tls.drop", x -> echo.dropClients());
        actions.put("server.next", x -> Io.run(() -> current[0] = silent.awaitClient()));
        actions.put("server.close", x -> Io.run(() -> current[0].close()));
        return actions;
    }

    @Override
    public void close() throws java.io.IOException {
        echo.close();
        mutual.close();
        wrongCa.close();
        expired.close();
        silent.close();
    }
}
