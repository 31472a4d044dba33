/**
 * vmodem as a library: virtual cellular modules inside a program or a test suite, with their faults.
 *
 * <p>{@link io.vmodem.api.ModemServer} starts modems of a dialect on a TCP link or a
 * pseudo-terminal, with the options of the command line; {@link io.vmodem.api.ModemHandle} is one
 * modem: faults and conditions ({@link io.vmodem.fault.Injection} values from the catalogue {@link
 * io.vmodem.fault.Fault}), the commands its host sends, its trace, sockets and contexts, its power.
 * {@link io.vmodem.api.junit.ModemExtension} runs a server for JUnit 5 tests.
 *
 * <pre>{@code
 * try (ModemServer server = ModemServer.builder().dialect("bg96").start();
 *         Socket uart = new Socket(server.address().getAddress(), server.address().getPort())) {
 *     ModemHandle modem = server.awaitModem(Duration.ofSeconds(5));
 *     modem.inject(Injection.of(Fault.PDP_DROP).with("context", 1));
 *     System.out.print(modem.trace());
 * }
 * }</pre>
 *
 * <p>The modems carry their sockets over this host's real network, as the command line's do; a
 * test reaches peers it starts on loopback.
 */
package io.vmodem.api;
