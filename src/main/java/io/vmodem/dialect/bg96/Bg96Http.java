package io.vmodem.dialect.bg96;

import io.vmodem.net.HttpExchange;

/**
 * The BG96's HTTP(S) service state (HTTP(S) AT Commands Manual chapter 2): the AT+QHTTPCFG
 * settings, the URL of AT+QHTTPURL, and the last request with its response until AT+QHTTPREAD or
 * AT+QHTTPREADFILE takes it. Lost at power-off, as the module keeps none of it.
 */
final class Bg96Http {
    /** {@code <content_type>} of AT+QHTTPCFG="contenttype": the Content-Type of a POST body. */
    static final java.util.List<String> CONTENT_TYPES = java.util.List.of(
            "application/x-www-form-urlencoded", "text/plain", "application/octet-stream", "multipart/form-data");

    int contextId = 1;
    boolean requestHeader;
    boolean responseHeader;
    int sslContext = 1;
    int contentType;
    String url;
    /** The last GET or POST, until its response is read; null when there is none to read. */
    HttpExchange exchange;
}
