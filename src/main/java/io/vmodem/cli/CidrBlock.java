package io.vmodem.cli;

import io.vmodem.net.AddressPool;
import picocli.CommandLine;

/** {@code --ip-pool}: an IPv4 block such as {@code 127.10.0.0/16}, checked before anything starts. */
final class CidrBlock implements CommandLine.ITypeConverter<String> {

    @Override
    public String convert(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw bad(text, "expected an IPv4 block ADDRESS/PREFIX, such as 127.10.0.0/16");
        }
        String address = text.substring(0, slash);
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4 || !address.matches("[0-9.]+")) {
            throw bad(text, "'" + address + "' is not an IPv4 address (four numbers 0..255)");
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                throw bad(text, "'" + address + "' is not an IPv4 address (four numbers 0..255)");
            }
        }
        String prefixText = text.substring(slash + 1);
        if (!prefixText.matches("[0-9]{1,2}")) {
            throw bad(text, "prefix '" + prefixText + "' is not a number");
        }
        int prefix = Integer.parseInt(prefixText);
        if (prefix < AddressPool.MIN_PREFIX || prefix > AddressPool.MAX_PREFIX) {
            throw bad(
                    text,
                    "prefix /" + prefix + " is not in " + AddressPool.MIN_PREFIX + ".." + AddressPool.MAX_PREFIX
                            + " (a block of 2 to 16777214 addresses)");
        }
        return text;
    }

    private static CommandLine.TypeConversionException bad(String text, String why) {
        return new CommandLine.TypeConversionException("'" + text + "': " + why);
    }
}
