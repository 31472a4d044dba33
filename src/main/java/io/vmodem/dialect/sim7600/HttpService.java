package io.vmodem.dialect.sim7600;

import io.vmodem.net.HttpExchange;

/**
 * The SIM7600's HTTP(S) service (AT+HTTPINIT ... AT+HTTPTERM): whether it is started, the
 * AT+HTTPPARA parameters, the body of AT+HTTPDATA, and the last request with its response, which
 * AT+HTTPHEAD and AT+HTTPREAD read until the next request or AT+HTTPTERM. Volatile.
 */
final class HttpService {
    boolean started;
    boolean starting;
    String url;
    int connectTimeout = 120;
    int receiveTimeout = 20;
    String contentType = "text/plain";
    String accept = "*/*";
    int sslContext;
    String userData = "";
    int readMode;
    byte[] data;
    HttpExchange exchange;
    /** Where the next AT+HTTPREAD=<byte_size> starts. */
    int readFrom;

    /** Whether a request is under way (its +HTTPACTION has not come). */
    boolean busy() {
        return exchange != null && !exchange.over();
    }

    void stop() {
        if (exchange != null) {
            exchange.end();
        }
    }
}
