package io.vmodem.dialect;

import io.vmodem.net.NetSocket;

/**
 * A socket as the module numbers it, for the control API and the socket faults: its connect ID (the
 * SIMCom link or server number), what the host opened in the module's words, and the network socket
 * doing the work (null while none is open yet).
 *
 * @param id the connect ID, link number or server index, as the module's commands name it
 * @param type the service in the manual's words ({@code TCP}, {@code UDP SERVICE}, {@code TCP LISTENER})
 * @param host the destination as the host wrote it (a name or an address), or null for a service
 */
public record ModuleSocket(int id, String type, String host, NetSocket net) {}
