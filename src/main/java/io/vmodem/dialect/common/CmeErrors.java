package io.vmodem.dialect.common;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** The 3GPP 27.007 §9.2 {@code +CME ERROR} codes used here, with their verbose texts. */
public final class CmeErrors {
    public static final int PHONE_FAILURE = 0;
    public static final int OPERATION_NOT_ALLOWED = 3;
    public static final int OPERATION_NOT_SUPPORTED = 4;
    public static final int SIM_NOT_INSERTED = 10;
    public static final int SIM_BUSY = 14;
    public static final int INCORRECT_PASSWORD = 16;
    public static final int INVALID_INDEX = 21;
    public static final int NOT_FOUND = 22;
    public static final int NO_NETWORK_SERVICE = 30;
    public static final int NETWORK_TIMEOUT = 31;
    public static final int INCORRECT_PARAMETERS = 50;
    public static final int UNKNOWN = 100;
    public static final int GPRS_UNSPECIFIED = 148;

    private static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(PHONE_FAILURE, "phone failure"),
            Map.entry(OPERATION_NOT_ALLOWED, "operation not allowed"),
            Map.entry(OPERATION_NOT_SUPPORTED, "operation not supported"),
            Map.entry(SIM_NOT_INSERTED, "SIM not inserted"),
            Map.entry(SIM_BUSY, "SIM busy"),
            Map.entry(INCORRECT_PASSWORD, "incorrect password"),
            Map.entry(INVALID_INDEX, "invalid index"),
            Map.entry(NOT_FOUND, "not found"),
            Map.entry(NO_NETWORK_SERVICE, "no network service"),
            Map.entry(NETWORK_TIMEOUT, "network timeout"),
            Map.entry(INCORRECT_PARAMETERS, "incorrect parameters"),
            Map.entry(UNKNOWN, "unknown"),
            Map.entry(GPRS_UNSPECIFIED, "unspecified GPRS error"));

    private CmeErrors() {}

    /** The 27.007 texts plus a module's own codes. */
    public static IntFunction<String> withModuleCodes(Map<Integer, String> moduleTexts) {
        Map<Integer, String> all = new HashMap<>(TEXTS);
        all.putAll(moduleTexts);
        Map<Integer, String> frozen = Map.copyOf(all);
        return code -> frozen.getOrDefault(code, "unknown");
    }

    public static String text(int code) {
        return TEXTS.getOrDefault(code, "unknown");
    }
}
