package io.vmodem.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code HOST:PORT} on the command line: an IPv4 address, {@code [IPv6]} or a host name, and a port
 * 0..65535 (0: any free one). The host is resolved here, so a name that does not resolve is a usage
 * error before anything starts.
 */
final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String text) {
        return parse(text);
    }

    static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw bad(text, "expected HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw bad(text, "expected HOST:PORT, with an IPv6 address in brackets");
        }
        String portText = text.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw bad(text, "port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw bad(text, "port " + port + " is not in 0..65535");
        }
        return new InetSocketAddress(address(text, host), port);
    }

    private static InetAddress address(String text, String host) {
        if (host.matches("[0-9.]+")) {
            return ipv4(text, host); // digits and dots are an address, never a name to look up
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("invalid") || lower.endsWith(".invalid")) {
            // RFC 6761 6.4: names under .invalid never resolve; say so without asking a server.
            throw bad(text, "no such host '" + host + "'");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw bad(text, "no such host '" + host + "'");
        }
    }

    private static InetAddress ipv4(String text, String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(text, "'" + host + "' is not an IPv4 address (four numbers 0..255)");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                throw bad(text, "'" + host + "' is not an IPv4 address (four numbers 0..255)");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw bad(text, v + " is not in 0..255 in an IPv4 address");
            }
            bytes[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static CommandLine.TypeConversionException bad(String text, String why) {
        return new CommandLine.TypeConversionException("'" + text + "': " + why);
    }
}
