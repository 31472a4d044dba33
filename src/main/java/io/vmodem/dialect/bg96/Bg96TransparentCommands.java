package io.vmodem.dialect.bg96;

import static io.vmodem.dialect.bg96.Bg96ContextCommands.INVALID;
import static io.vmodem.dialect.bg96.Bg96ContextCommands.tcpip;

import io.vmodem.at.AtCommand;
import io.vmodem.at.Reply;
import io.vmodem.dialect.quectel.AccessMode;
import io.vmodem.dialect.quectel.QuectelErrors;
import io.vmodem.dialect.quectel.ServiceType;
import io.vmodem.net.SocketState;
import java.util.List;

/** AT+QISWTMD and ATO: switching a socket's access mode, and back to transparent mode (1.2, 2.1.10). */
final class Bg96TransparentCommands {
    private Bg96TransparentCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(qiswtmd(), ato());
    }

    /** 2.1.10 AT+QISWTMD=<connectID>,<access_mode>: OK for 0 and 1, CONNECT for 2. */
    private static AtCommand<Bg96Session> qiswtmd() {
        return AtCommand.<Bg96Session>named("+QISWTMD")
                .summary("Switch a socket's data access mode; 2 enters transparent mode (CONNECT)")
                .section("2.1.10")
                .test("+QISWTMD: (0-11),(0-2)")
                .set(tcpip((s, call) -> {
                    call.atLeast(2).atMost(2);
                    Bg96Socket socket = s.socket(call.intArg(0, 0, Bg96Session.SOCKETS - 1));
                    AccessMode mode = AccessMode.of(call.intArg(1, 0, 2));
                    if (socket == null) {
                        return s.fail(
                                QuectelErrors.SOCKET_CLOSED,
                                "socket " + call.arg(0).text() + " is not open");
                    }
                    if (mode != AccessMode.TRANSPARENT) {
                        socket.mode = mode;
                        socket.modeChanged();
                        return Reply.ok();
                    }
                    if (socket.type == ServiceType.TCP_LISTENER || socket.type == ServiceType.UDP_SERVICE) {
                        return s.fail(QuectelErrors.NOT_SUPPORTED, "a server has no transparent mode");
                    }
                    if (socket.net() == null || socket.net().state() != SocketState.CONNECTED) {
                        return s.fail(
                                QuectelErrors.SOCKET_CLOSED,
                                "socket " + call.arg(0).text() + " is not connected");
                    }
                    return socket.enterTransparent();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** ATO: back to the connection that left transparent mode last; NO CARRIER without one. */
    private static AtCommand<Bg96Session> ato() {
        return AtCommand.<Bg96Session>named("O")
                .summary("Return to transparent mode (CONNECT), or NO CARRIER")
                .section("1.2")
                .execOrSet((s, call) -> {
                    call.intArg(0, 0, 0, 0);
                    return s.returnToTransparent();
                })
                .onInvalid((s, call) -> Reply.error())
                .build();
    }
}
