package io.vmodem.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URL of an HTTP(S) request as a module takes it: {@code http://} or {@code https://}, a host,
 * an optional port (80 and 443 by default), and the path and query the request line carries.
 *
 * @param secure whether it is {@code https}
 * @param host the host name or address (an IPv6 address without its brackets)
 * @param port the port
 * @param target the request target: the path ({@code /} when none) and the query
 */
public record HttpUrl(boolean secure, String host, int port, String target) {
    /** {@code text} as a URL; {@link IllegalArgumentException} saying what is wrong when it is not one. */
    public static HttpUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the URL's scheme is neither http nor https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the URL names no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean secure = scheme.equals("https");
        int port = uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort();
        if (port == 0 || port > 65535) {
            throw new IllegalArgumentException("the URL's port is out of range");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new HttpUrl(secure, host, port, target);
    }

    /** The Host header's value: the port only where it is not the scheme's own. */
    public String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (secure ? 443 : 80) ? h : h + ":" + port;
    }
}
