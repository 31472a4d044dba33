package io.vmodem.net;

/** The protocol of a PDP context. */
public enum PdpType {
    IPV4,
    IPV6,
    IPV4V6
}
