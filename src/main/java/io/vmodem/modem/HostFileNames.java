package io.vmodem.modem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** How a module's file name is kept as a host file name, both ways, so that no name escapes the directory. */
final class HostFileNames {
    private HostFileNames() {}

    /**
     * A file name of the host for a module's file name: letters, digits, {@code -}, {@code _} and
     * {@code .} (not first) as they are, every other byte of its UTF-8 as {@code %XX}; then {@link
     * FileStore#SUFFIX}. No name becomes {@code .}, {@code ..}, a hidden file or a path.
     */
    static String encode(String name) {
        StringBuilder sb = new StringBuilder();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = b >= 'a' && b <= 'z'
                    || b >= 'A' && b <= 'Z'
                    || b >= '0' && b <= '9'
                    || b == '-'
                    || b == '_'
                    || b == '.' && i > 0;
            if (plain) {
                sb.append((char) b);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.append(FileStore.SUFFIX).toString();
    }

    /** The module's name of a host file {@link #encode} made, or null for any other file. */
    static String decode(String fileName) {
        if (!fileName.endsWith(FileStore.SUFFIX) || fileName.length() == FileStore.SUFFIX.length()) {
            return null;
        }
        String s = fileName.substring(0, fileName.length() - FileStore.SUFFIX.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return null;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
