package dev.otalab.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/**
 * The names a broker is reached by, which become its certificate's subject alternative names:
 * IP addresses as <em>IP</em> entries and host names as <em>DNS</em> entries. (Infineon's sample
 * script writes {@code DNS:IP:<ip>}, which no TLS client matches against an address.)
 */
public record ServerNames(List<InetAddress> ips, List<String> dnsNames) {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    public ServerNames {
        ips = List.copyOf(ips);
        dnsNames = List.copyOf(dnsNames);
        if (ips.isEmpty() && dnsNames.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one IP address or DNS name");
        }
    }

    /** Parses and checks textual addresses and names; nothing is looked up in DNS. */
    public static ServerNames of(List<String> ips, List<String> dnsNames) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
            addresses.add(parseIp(ip));
        }
        List<String> names = new ArrayList<>();
        for (String name : dnsNames) {
            names.add(checkDnsName(name));
        }
        return new ServerNames(addresses, names);
    }

    /** An IPv4 or IPv6 literal, never a host name (no DNS lookup happens). */
    public static InetAddress parseIp(String text) {
        String ip = text == null ? "" : text.strip();
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!IPAddress.isValid(ip)) {
            String hint = ip.regionMatches(true, 0, "IP:", 0, 3) ? " (give the bare address, without 'IP:')"
                    : isHostName(ip) ? " (a host name is a DNS entry)" : "";
            throw new IllegalArgumentException("not an IP address: '" + text + "'" + hint);
        }
        try {
            return InetAddress.getByName(ip); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
    }

    /** A host name (optionally with a leading {@code *.} wildcard), lower-cased; IP literals are refused. */
    public static String checkDnsName(String text) {
        String name = text == null ? "" : text.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (IPAddress.isValid(name) || name.regionMatches(true, 0, "IP:", 0, 3)) {
            throw new IllegalArgumentException("'" + text + "' is an IP address: give it as an IP entry, not a DNS name");
        }
        if (!isHostName(name.startsWith("*.") ? name.substring(2) : name)) {
            throw new IllegalArgumentException("not a DNS name: '" + text + "'");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean isHostName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit); // 300.1.1.1 is a bad IP
    }

    /** The first DNS name, else the first IP address: the server certificate's CN. */
    String commonName() {
        return dnsNames.isEmpty() ? ips.get(0).getHostAddress() : dnsNames.get(0);
    }
}
