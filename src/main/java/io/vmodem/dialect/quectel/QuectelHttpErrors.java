package io.vmodem.dialect.quectel;

import io.vmodem.net.HttpExchange;
import java.util.Map;

/**
 * The {@code <err>} codes of Quectel's HTTP(S) commands (BG96 HTTP(S) AT Commands Manual, chapter
 * 4), with the table's meanings for {@code AT+CMEE=2}, and the code for each way an exchange fails.
 */
public final class QuectelHttpErrors {
    public static final int OK = 0;
    public static final int UNKNOWN = 701;
    public static final int TIMEOUT = 702;
    public static final int BUSY = 703;
    public static final int UART_BUSY = 704;
    public static final int NO_REQUEST = 705;
    public static final int NETWORK_BUSY = 706;
    public static final int NETWORK_OPEN_FAILED = 707;
    public static final int NETWORK_NO_CONFIGURATION = 708;
    public static final int NETWORK_DEACTIVATED = 709;
    public static final int NETWORK_ERROR = 710;
    public static final int URL_ERROR = 711;
    public static final int EMPTY_URL = 712;
    public static final int IP_ADDRESS_ERROR = 713;
    public static final int DNS_ERROR = 714;
    public static final int SOCKET_CREATE_ERROR = 715;
    public static final int SOCKET_CONNECT_ERROR = 716;
    public static final int SOCKET_READ_ERROR = 717;
    public static final int SOCKET_WRITE_ERROR = 718;
    public static final int SOCKET_CLOSED = 719;
    public static final int DATA_ENCODE_ERROR = 720;
    public static final int DATA_DECODE_ERROR = 721;
    public static final int READ_TIMEOUT = 722;
    public static final int RESPONSE_FAILED = 723;
    public static final int INPUT_TIMEOUT = 726;
    public static final int WAIT_DATA_TIMEOUT = 727;
    public static final int WAIT_RESPONSE_TIMEOUT = 728;
    public static final int MEMORY = 729;
    public static final int INVALID_PARAMETER = 730;

    public static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(UNKNOWN, "HTTP(S) unknown error"),
            Map.entry(TIMEOUT, "HTTP(S) timeout"),
            Map.entry(BUSY, "HTTP(S) busy"),
            Map.entry(UART_BUSY, "HTTP(S) UART busy"),
            Map.entry(NO_REQUEST, "HTTP(S) no GET/POST requests"),
            Map.entry(NETWORK_BUSY, "HTTP(S) network busy"),
            Map.entry(NETWORK_OPEN_FAILED, "HTTP(S) network open failed"),
            Map.entry(NETWORK_NO_CONFIGURATION, "HTTP(S) network no configuration"),
            Map.entry(NETWORK_DEACTIVATED, "HTTP(S) network deactivated"),
            Map.entry(NETWORK_ERROR, "HTTP(S) network error"),
            Map.entry(URL_ERROR, "HTTP(S) URL error"),
            Map.entry(EMPTY_URL, "HTTP(S) empty URL"),
            Map.entry(IP_ADDRESS_ERROR, "HTTP(S) IP address error"),
            Map.entry(DNS_ERROR, "HTTP(S) DNS error"),
            Map.entry(SOCKET_CREATE_ERROR, "HTTP(S) socket create error"),
            Map.entry(SOCKET_CONNECT_ERROR, "HTTP(S) socket connect error"),
            Map.entry(SOCKET_READ_ERROR, "HTTP(S) socket read error"),
            Map.entry(SOCKET_WRITE_ERROR, "HTTP(S) socket write error"),
            Map.entry(SOCKET_CLOSED, "HTTP(S) socket closed"),
            Map.entry(DATA_ENCODE_ERROR, "HTTP(S) data encode error"),
            Map.entry(DATA_DECODE_ERROR, "HTTP(S) data decode error"),
            Map.entry(READ_TIMEOUT, "HTTP(S) read timeout"),
            Map.entry(RESPONSE_FAILED, "HTTP(S) response failed"),
            Map.entry(INPUT_TIMEOUT, "Input timeout"),
            Map.entry(WAIT_DATA_TIMEOUT, "Wait data timeout"),
            Map.entry(WAIT_RESPONSE_TIMEOUT, "Wait HTTP(S) response timeout"),
            Map.entry(MEMORY, "Memory allocation failed"),
            Map.entry(INVALID_PARAMETER, "Invalid parameter"));

    private QuectelHttpErrors() {}

    /**
     * The code for a failed exchange. The manual gives no code for a TLS failure of its own: the
     * handshake is part of connecting the socket.
     */
    public static int of(HttpExchange.Failure failure) {
        return switch (failure) {
            case CONTEXT_INACTIVE, CONTEXT_LOST -> NETWORK_DEACTIVATED;
            case DNS_FAILED -> DNS_ERROR;
            case CONNECT_FAILED, HANDSHAKE_FAILED -> SOCKET_CONNECT_ERROR;
            case TIMEOUT -> TIMEOUT;
            case CLOSED -> SOCKET_CLOSED;
            case BAD_RESPONSE -> DATA_DECODE_ERROR;
            case TOO_LARGE -> MEMORY;
        };
    }
}
