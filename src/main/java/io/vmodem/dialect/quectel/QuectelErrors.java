package io.vmodem.dialect.quectel;

import io.vmodem.net.NetError;
import java.util.HashMap;
import java.util.Map;

/**
 * The TCP/IP error codes Quectel modules share (BG96 TCP/IP manual chapter 4, BC260Y-CN guide
 * chapter 3 表 2), with the tables' descriptions and the code for each network failure.
 */
public final class QuectelErrors {
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

    /** The descriptions as the BG96 table writes them; a module may word a few differently. */
    public static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(OK, "Operation successful"),
            Map.entry(UNKNOWN, "Unknown error"),
            Map.entry(BLOCKED, "Operation blocked"),
            Map.entry(INVALID_PARAMETERS, "Invalid parameters"),
            Map.entry(MEMORY, "Memory not enough"),
            Map.entry(CREATE_SOCKET_FAILED, "Create socket failed"),
            Map.entry(NOT_SUPPORTED, "Operation not supported"),
            Map.entry(BIND_FAILED, "Socket bind failed"),
            Map.entry(LISTEN_FAILED, "Socket listen failed"),
            Map.entry(WRITE_FAILED, "Socket write failed"),
            Map.entry(READ_FAILED, "Socket read failed"),
            Map.entry(ACCEPT_FAILED, "Socket accept failed"),
            Map.entry(OPEN_PDP_FAILED, "Open PDP context failed"),
            Map.entry(CLOSE_PDP_FAILED, "Close PDP context failed"),
            Map.entry(ID_IN_USE, "Socket identity has been used"),
            Map.entry(DNS_BUSY, "DNS busy"),
            Map.entry(DNS_FAILED, "DNS parse failed"),
            Map.entry(CONNECT_FAILED, "Socket connect failed"),
            Map.entry(SOCKET_CLOSED, "Socket has been closed"),
            Map.entry(BUSY, "Operation busy"),
            Map.entry(TIMEOUT, "Operation timeout"),
            Map.entry(PDP_BROKEN, "PDP context broken down"),
            Map.entry(CANCEL_SEND, "Cancel send"),
            Map.entry(NOT_ALLOWED, "Operation not allowed"),
            Map.entry(APN_NOT_CONFIGURED, "APN not configured"),
            Map.entry(PORT_BUSY, "Port busy"));

    private QuectelErrors() {}

    /** The descriptions with a module's own wording for some codes. */
    public static Map<Integer, String> textsWith(Map<Integer, String> overrides) {
        Map<Integer, String> all = new HashMap<>(TEXTS);
        all.putAll(overrides);
        return Map.copyOf(all);
    }

    public static String text(int code) {
        return TEXTS.getOrDefault(code, TEXTS.get(UNKNOWN));
    }

    /** The code for a network failure. */
    public static int of(NetError error) {
        return switch (error) {
            case CONTEXT_INACTIVE, ACTIVATION_FAILED, TOO_MANY_CONTEXTS -> OPEN_PDP_FAILED;
            case DNS_FAILED -> DNS_FAILED;
                // A destination the policy denies fails as one the network cannot reach.
            case CONNECT_FAILED, DENIED -> CONNECT_FAILED;
            case TIMEOUT -> TIMEOUT;
            case BIND_FAILED -> BIND_FAILED;
            case NOT_ALLOWED -> NOT_ALLOWED;
            case NOT_CONNECTED -> SOCKET_CLOSED;
            case BUFFER_FULL, SEND_FAILED -> WRITE_FAILED;
            case HANDSHAKE_FAILED, IO_FAILED -> UNKNOWN;
        };
    }
}
