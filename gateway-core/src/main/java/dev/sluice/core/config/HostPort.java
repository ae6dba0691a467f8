package dev.sluice.core.config;

import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/** A host (name or literal address) and a TCP port, as written in configuration ({@code host:port}). */
public record HostPort(String host, int port) {
    private static final Pattern HOST_NAME_OR_IPV4 = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port}. The message of the exception says what is wrong and is safe
     * to show (it repeats the input).
     */
    public static HostPort parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw invalid(text, "an IPv6 address is written [address]:port");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!IPV6.matcher(host).matches() || !host.contains(":")) {
                throw invalid(text, "\"" + host + "\" is not an IPv6 address");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw invalid(text, "the port is missing");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.contains(":")) {
                throw invalid(text, "an IPv6 address must be in brackets, as in [::1]:5432");
            }
            if (!HOST_NAME_OR_IPV4.matcher(host).matches()) {
                throw invalid(text, "\"" + host + "\" is not a host name or address");
            }
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text, "the port must be a number from 0 to 65535");
        }
        int number = Integer.parseInt(port);
        if (number > 65535) {
            throw invalid(text, "the port must be a number from 0 to 65535");
        }
        return new HostPort(host, number);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("expected host:port, got \"" + text + "\" (" + why + ")");
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
