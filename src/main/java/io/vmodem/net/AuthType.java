package io.vmodem.net;

/** How a PDP context authenticates (recorded; the host's network does not ask). */
public enum AuthType {
    NONE,
    PAP,
    CHAP,
    PAP_OR_CHAP
}
