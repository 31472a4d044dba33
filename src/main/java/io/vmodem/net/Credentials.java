package io.vmodem.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and keys as a host uploads them to a module: PEM text (one or more blocks) or DER.
 * Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC
 * 1 EC ({@code BEGIN EC PRIVATE KEY}), as the tools of device makers write them; the last two are
 * wrapped into PKCS#8 here, so the JDK reads them with no other library. Encrypted keys are not
 * read.
 */
final class Credentials {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption, 1.2.840.113549.1.1.1. */
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1
    };
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};

    private Credentials() {}

    /** Every certificate in {@code data}, in order; none when it holds none. */
    static List<X509Certificate> certificates(byte[] data) throws CertificateException {
        List<X509Certificate> out = new ArrayList<>();
        if (data == null || data.length == 0) {
            return out;
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (var c : cf.generateCertificates(new ByteArrayInputStream(data))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** The private key in {@code data}. */
    static PrivateKey privateKey(byte[] data) throws GeneralSecurityException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        Matcher m = BLOCK.matcher(text);
        byte[] der = data;
        String type = "PRIVATE KEY";
        while (m.find()) {
            if (m.group(1).endsWith("PRIVATE KEY")) {
                type = m.group(1);
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
                break;
            }
        }
        byte[] pkcs8 =
                switch (type) {
                    case "RSA PRIVATE KEY" -> pkcs8(RSA_OID, new byte[] {0x05, 0x00}, der);
                    case "EC PRIVATE KEY" -> pkcs8(EC_OID, curveOf(der), der);
                    case "PRIVATE KEY" -> der;
                    default -> throw new GeneralSecurityException("an encrypted or unknown key: " + type);
                };
        GeneralSecurityException last = null;
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** PrivateKeyInfo: version 0, the algorithm with its parameters, the key as an OCTET STRING. */
    private static byte[] pkcs8(byte[] oid, byte[] parameters, byte[] key) {
        byte[] algorithm = tlv(0x30, concat(oid, parameters));
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
    }

    /** The named curve of a SEC 1 ECPrivateKey: its [0] parameters (an OID). */
    private static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
        Der seq = new Der(sec1, 0);
        if (seq.tag != 0x30) {
            throw new GeneralSecurityException("not an EC private key");
        }
        int p = seq.start;
        while (p < seq.end) {
            Der item = new Der(sec1, p);
            if (item.tag == 0xa0) {
                Der oid = new Der(sec1, item.start);
                return java.util.Arrays.copyOfRange(sec1, oid.offset, oid.end);
            }
            p = item.end;
        }
        throw new GeneralSecurityException("an EC private key without its curve");
    }

    /** One DER element: its tag, where its content starts and where it ends. */
    private static final class Der {
        final int offset;
        final int tag;
        final int start;
        final int end;

        Der(byte[] b, int offset) throws GeneralSecurityException {
            if (offset + 2 > b.length) {
                throw new GeneralSecurityException("truncated DER");
            }
            this.offset = offset;
            this.tag = b[offset] & 0xff;
            int length = b[offset + 1] & 0xff;
            int p = offset + 2;
            if (length > 0x80) {
                int n = length & 0x7f;
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = length << 8 | b[p++] & 0xff;
                }
            }
            this.start = p;
            this.end = p + length;
            if (end > b.length || length < 0) {
                throw new GeneralSecurityException("truncated DER");
            }
        }
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
