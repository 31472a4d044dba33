package io.vmodem.dialect.bg96;

import io.vmodem.net.NetError;
import java.util.Map;

/** The TCP/IP error codes of the BG96 manual, chapter 4, with the texts of AT+QIGETERROR. */
public final class Bg96Errors {
    public static final int OK = 0;
    public static final int UNKNOWN = 550;
    public static final int BLOCKED = 551;
    public static final int INVALID_PARAMETERS = 552;
    public static final int MEMORY = 553;
    public static final int CREATE_SOCKET_FAILED = 554;
    public static final int NOT_SUPPORTED = 555;
    public static final int BIND_FAILED = 556;
    public static final int LISTEN_FAILED = 557;
    public static final int WRITE_FAILED = 558;
    public static final int READ_FAILED = 559;
    public static final int ACCEPT_FAILED = 560;
    public static final int OPEN_PDP_FAILED = 561;
    public static final int CLOSE_PDP_FAILED = 562;
    public static final int ID_IN_USE = 563;
    public static final int DNS_BUSY = 564;
    public static final int DNS_FAILED = 565;
    public static final int CONNECT_FAILED = 566;
    public static final int SOCKET_CLOSED = 567;
    public static final int BUSY = 568;
    public static final int TIMEOUT = 569;
    public static final int PDP_BROKEN = 570;
    public static final int CANCEL_SEND = 571;
    public static final int NOT_ALLOWED = 572;
    public static final int APN_NOT_CONFIGURED = 573;
    public static final int PORT_BUSY = 574;

    /** Texts as the module prints them after the comma: lower case. */
    public static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(OK, "operation successful"),
            Map.entry(UNKNOWN, "unknown error"),
            Map.entry(BLOCKED, "operation blocked"),
            Map.entry(INVALID_PARAMETERS, "invalid parameters"),
            Map.entry(MEMORY, "memory not enough"),
            Map.entry(CREATE_SOCKET_FAILED, "create socket failed"),
            Map.entry(NOT_SUPPORTED, "operation not supported"),
            Map.entry(BIND_FAILED, "socket bind failed"),
            Map.entry(LISTEN_FAILED, "socket listen failed"),
            Map.entry(WRITE_FAILED, "socket write failed"),
            Map.entry(READ_FAILED, "socket read failed"),
            Map.entry(ACCEPT_FAILED, "socket accept failed"),
            Map.entry(OPEN_PDP_FAILED, "open pdp context failed"),
            Map.entry(CLOSE_PDP_FAILED, "close pdp context failed"),
            Map.entry(ID_IN_USE, "socket identity has been used"),
            Map.entry(DNS_BUSY, "dns busy"),
            Map.entry(DNS_FAILED, "dns parse failed"),
            Map.entry(CONNECT_FAILED, "socket connect failed"),
            Map.entry(SOCKET_CLOSED, "socket has been closed"),
            Map.entry(BUSY, "operation busy"),
            Map.entry(TIMEOUT, "operation timeout"),
            Map.entry(PDP_BROKEN, "pdp context broken down"),
            Map.entry(CANCEL_SEND, "cancel send"),
            Map.entry(NOT_ALLOWED, "operation not allowed"),
            Map.entry(APN_NOT_CONFIGURED, "apn not configured"),
            Map.entry(PORT_BUSY, "port busy"));

    private Bg96Errors() {}

    public static String text(int code) {
        return TEXTS.getOrDefault(code, "unknown error");
    }

    /** The chapter 4 code for a network failure. */
    public static int of(NetError error) {
        return switch (error) {
            case CONTEXT_INACTIVE -> OPEN_PDP_FAILED;
            case ACTIVATION_FAILED, TOO_MANY_CONTEXTS -> OPEN_PDP_FAILED;
            case DNS_FAILED -> DNS_FAILED;
            case CONNECT_FAILED -> CONNECT_FAILED;
            case TIMEOUT -> CONNECT_FAILED;
            case BIND_FAILED -> BIND_FAILED;
            case NOT_ALLOWED -> NOT_ALLOWED;
            case NOT_CONNECTED -> SOCKET_CLOSED;
            case BUFFER_FULL -> WRITE_FAILED;
            case IO_FAILED -> UNKNOWN;
        };
    }
}
