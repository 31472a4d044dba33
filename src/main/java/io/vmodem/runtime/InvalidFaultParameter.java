package io.vmodem.runtime;

/**
 * A fault's parameter the catalogue accepts but the layer below would not ({@code rssi 40}): refused
 * before the fault reaches a modem, naming the parameter ({@code rssi: expected 0..31 or 99, got 40}).
 */
public final class InvalidFaultParameter extends IllegalArgumentException {
    private final String parameter;

    public InvalidFaultParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
