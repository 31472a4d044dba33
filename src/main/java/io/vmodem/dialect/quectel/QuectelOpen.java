package io.vmodem.dialect.quectel;

/**
 * The parameters of {@code AT+QIOPEN=<contextID>,<connectID>,<service_type>,<host>,<remote_port>[,
 * <local_port>[,<access_mode>]]}, which the BG96 (2.1.4) and the BC260Y-CN (2.3.2) share.
 */
public record QuectelOpen(
        int contextId, int connectId, ServiceType type, String host, int remotePort, int localPort, AccessMode mode) {

    /** A listener or a UDP service: it takes anyone's packets on its local port. */
    public boolean server() {
        return type == ServiceType.TCP_LISTENER || type == ServiceType.UDP_SERVICE;
    }
}
