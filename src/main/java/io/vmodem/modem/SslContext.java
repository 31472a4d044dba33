package io.vmodem.modem;

import io.vmodem.net.Tls;
import io.vmodem.net.TlsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One SSL context of the module: the settings a TLS connection is opened with, by its index (BG96
 * AT+QSSLCFG {@code <SSL_ctxID>}, SIM7600 AT+CSSLCFG {@code <ssl_ctx_index>}). The codes are the ones
 * both modules' manuals give (the same numbers for the versions, IANA's for the cipher suites); a
 * dialect words them. The files it names are read from the module's file store when a connection
 * opens, so a certificate uploaded after the configuration counts.
 */
public final class SslContext {
    /** {@code <SSL_version>} / {@code <sslversion>} 4: every version the module has. */
    public static final int ALL_VERSIONS = 4;
    /** The cipher suite code that stands for all of them. */
    public static final int ALL_SUITES = 0xFFFF;
    /** {@code <negotiate_time>}: 10..300 seconds. */
    public static final int MIN_NEGOTIATE_SECONDS = 10;

    public static final int MAX_NEGOTIATE_SECONDS = 300;

    /** Security level: no authentication. */
    public static final int VERIFY_NONE = 0;
    /** Security level: the server's certificate is checked against the CA. */
    public static final int VERIFY_SERVER = 1;
    /** Security level: the server checked, and the module's own certificate shown when asked for. */
    public static final int VERIFY_BOTH = 2;
    /** SIMCom's authmode 3: the module's own certificate shown, the server not checked. */
    public static final int CLIENT_ONLY = 3;

    /** The JDK's names of {@code <SSL_version>} 0..3: SSL 3.0, TLS 1.0, 1.1, 1.2. */
    private static final List<String> PROTOCOLS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2");

    private final int index;
    private int version = ALL_VERSIONS;
    private List<Integer> cipherSuites = List.of(ALL_SUITES);
    private int securityLevel = VERIFY_NONE;
    private String caCertificate = "";
    private String clientCertificate = "";
    private String clientKey = "";
    private byte[] caContent;
    private byte[] clientCertificateContent;
    private byte[] clientKeyContent;
    private boolean ignoreLocalTime = true;
    private int negotiateSeconds = MAX_NEGOTIATE_SECONDS;
    private boolean sni;

    SslContext(int index) {
        this.index = index;
    }

    public int index() {
        return index;
    }

    public int version() {
        return version;
    }

    /** 0 SSL 3.0, 1 TLS 1.0, 2 TLS 1.1, 3 TLS 1.2, 4 all. */
    public void version(int version) {
        if (version < 0 || version > ALL_VERSIONS) {
            throw new IllegalArgumentException("SSL version " + version);
        }
        this.version = version;
    }

    /** The cipher suites by IANA code; {@link #ALL_SUITES} alone for all. */
    public List<Integer> cipherSuites() {
        return cipherSuites;
    }

    public void cipherSuites(List<Integer> codes) {
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite");
        }
        this.cipherSuites = List.copyOf(codes);
    }

    /** 0 none, 1 the server checked, 2 both ways, 3 (SIMCom) the module's certificate only. */
    public int securityLevel() {
        return securityLevel;
    }

    public void securityLevel(int level) {
        if (level < VERIFY_NONE || level > CLIENT_ONLY) {
            throw new IllegalArgumentException("security level " + level);
        }
        this.securityLevel = level;
    }

    public String caCertificate() {
        return caCertificate;
    }

    public void caCertificate(String file) {
        this.caCertificate = file;
    }

    public String clientCertificate() {
        return clientCertificate;
    }

    public void clientCertificate(String file) {
        this.clientCertificate = file;
    }

    public String clientKey() {
        return clientKey;
    }

    public void clientKey(String file) {
        this.clientKey = file;
    }

    /**
     * The CA certificates themselves, for a module that takes them in a command rather than as a
     * file (BC660K-GL/BC260Y-CN AT+QSSLCFG "cacert"); when set they count instead of the file.
     */
    public void caCertificateContent(byte[] pem) {
        this.caContent = pem;
    }

    /** The module's own certificate itself (see {@link #caCertificateContent}). */
    public void clientCertificateContent(byte[] pem) {
        this.clientCertificateContent = pem;
    }

    /** The module's own private key itself (see {@link #caCertificateContent}). */
    public void clientKeyContent(byte[] pem) {
        this.clientKeyContent = pem;
    }

    /** Whether certificates are taken whatever their validity at the module's clock says. */
    public boolean ignoreLocalTime() {
        return ignoreLocalTime;
    }

    public void ignoreLocalTime(boolean ignore) {
        this.ignoreLocalTime = ignore;
    }

    /** How long the handshake may take, in seconds (10..300). */
    public int negotiateSeconds() {
        return negotiateSeconds;
    }

    public void negotiateSeconds(int seconds) {
        if (seconds < MIN_NEGOTIATE_SECONDS || seconds > MAX_NEGOTIATE_SECONDS) {
            throw new IllegalArgumentException("negotiate time " + seconds);
        }
        this.negotiateSeconds = seconds;
    }

    /** Whether the host name goes in the handshake (Server Name Indication). */
    public boolean sni() {
        return sni;
    }

    public void sni(boolean on) {
        this.sni = on;
    }

    /**
     * What a connection opened now is made with: the versions and suites as the JDK names them,
     * the files read from {@code files} (one that does not exist counts as empty: a server check
     * without a CA fails, a client without its certificate shows none), validity at {@code clock}.
     */
    public TlsSettings settings(FileStore files, ModemClock clock) {
        List<String> protocols = version == ALL_VERSIONS ? allProtocols() : List.of(PROTOCOLS.get(version));
        List<String> suites = new ArrayList<>();
        if (!cipherSuites.contains(ALL_SUITES)) {
            for (int code : cipherSuites) {
                String name = Tls.cipherSuite(code);
                if (name != null) {
                    suites.add(name);
                }
            }
            if (suites.isEmpty()) {
                suites.add("TLS_RSA_WITH_RC4_128_MD5"); // none the JDK knows: the handshake fails
            }
        }
        boolean verify = securityLevel == VERIFY_SERVER || securityLevel == VERIFY_BOTH;
        boolean present = securityLevel == VERIFY_BOTH || securityLevel == CLIENT_ONLY;
        return new TlsSettings(
                protocols,
                suites,
                verify,
                verify ? either(caContent, files, caCertificate) : null,
                present ? either(clientCertificateContent, files, clientCertificate) : null,
                present ? either(clientKeyContent, files, clientKey) : null,
                sni,
                !ignoreLocalTime,
                clock::now,
                Duration.ofSeconds(negotiateSeconds));
    }

    private static List<String> allProtocols() {
        List<String> all = new ArrayList<>(PROTOCOLS);
        java.util.Collections.reverse(all);
        return all;
    }

    private static byte[] either(byte[] content, FileStore files, String name) {
        return content != null ? content : file(files, name);
    }

    private static byte[] file(FileStore files, String name) {
        return name.isEmpty() || !files.exists(name) ? null : files.read(name);
    }
}
