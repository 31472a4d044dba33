package io.vmodem.net;

import java.net.InetSocketAddress;

/** One received UDP datagram and who sent it. */
public record Datagram(byte[] data, InetSocketAddress sender) {}
