package io.vmodem.dialect.sim7600;

import io.vmodem.net.NetError;

/**
 * The SIM7600's two error vocabularies (REAL-MODULES.md): the {@code <err>} numbers of
 * {@code +NETOPEN}, {@code +CIPOPEN}, {@code +CIPCLOSE}, {@code +CIPERROR} and {@code +SERVERSTOP},
 * and the {@code +IP ERROR:} reports, text or number per {@code AT+CIPCCFG}'s errMode.
 */
final class Sim7600Errors {
    // <err>
    static final int OK = 0;
    static final int NETWORK_FAILURE = 1;
    static final int NETWORK_NOT_OPENED = 2;
    static final int WRONG_PARAMETER = 3;
    static final int NOT_SUPPORTED = 4;
    static final int CREATE_SOCKET_FAILED = 5;
    static final int BIND_FAILED = 6;
    static final int SERVER_LISTENING = 7;
    static final int BUSY = 8;
    static final int SOCKETS_OPENED = 9;
    static final int TIMEOUT = 10;
    static final int DNS_FAILED = 11;
    static final int UNKNOWN = 12;

    // +IP ERROR: <err_info>
    static final int IP_CONNECTION_TIMEOUT = 0;
    static final int IP_BIND_FAILED = 1;
    static final int IP_ALREADY_OPENED = 4;
    static final int IP_NOT_OPENED = 8;
    static final int IP_NOT_CREATED = 11;
    static final int IP_INVALID_PARAMETER = 12;
    static final int IP_NOT_SUPPORTED = 13;
    static final int IP_DNS_FAILED = 14;
    static final int IP_TCP_BUSY = 15;
    static final int IP_OPERATION_FAILED = 21;
    static final int IP_NO_DATA = 22;

    private static final String[] IP_TEXTS = {
        "Connection time out",
        "Bind port failed",
        "Port overflow",
        "Create socket failed",
        "Network is already opened",
        "Network is already closed",
        "No clients connected",
        "No active client",
        "Network not opened",
        "Client index overflow",
        "Connection is already created",
        "Connection is not created",
        "Invalid parameter",
        "Operation not supported",
        "DNS query failed",
        "TCP busy",
        "Net close failed for socket opened",
        "Sending time out",
        "Sending failure for network error",
        "Open failure for network error",
        "Server is already listening",
        "Operation failed",
        "No data"
    };

    private static final String[] ERR_TEXTS = {
        "ok",
        "network failure",
        "network not opened",
        "wrong parameter",
        "operation not supported",
        "failed to create socket",
        "failed to bind socket",
        "TCP server is already listening",
        "busy",
        "sockets opened",
        "timeout",
        "DNS parse failed",
        "unknown error"
    };

    private Sim7600Errors() {}

    /** What an {@code <err>} number means, for the trace's reasons. */
    static String text(int err) {
        return err >= 0 && err < ERR_TEXTS.length ? ERR_TEXTS[err] : ERR_TEXTS[UNKNOWN];
    }

    /** The text of {@code +IP ERROR: <n>}. */
    static String ipText(int code) {
        return code >= 0 && code < IP_TEXTS.length ? IP_TEXTS[code] : IP_TEXTS[IP_OPERATION_FAILED];
    }

    /** The {@code <err>} a network failure is reported with. */
    static int of(NetError error) {
        return switch (error) {
            case CONTEXT_INACTIVE -> NETWORK_NOT_OPENED;
                // A destination the policy denies fails as one the network cannot reach.
            case ACTIVATION_FAILED,
                    TOO_MANY_CONTEXTS,
                    CONNECT_FAILED,
                    NOT_ALLOWED,
                    DENIED,
                    NOT_CONNECTED,
                    SEND_FAILED -> NETWORK_FAILURE;
            case DNS_FAILED -> DNS_FAILED;
            case TIMEOUT -> TIMEOUT;
            case BIND_FAILED -> BIND_FAILED;
            case BUFFER_FULL -> BUSY;
            case HANDSHAKE_FAILED, IO_FAILED -> UNKNOWN;
        };
    }
}
