package io.vmodem.at;

/** The stored profiles behind {@code ATZ}, {@code AT&F} and {@code AT&W}. */
public interface SettingsStore {

    /** {@code ATZ}: back to the saved profile. */
    void restoreSaved();

    /** {@code AT&F}: back to the factory profile. */
    void restoreFactory();

    /** {@code AT&W}: the current settings become the saved profile. */
    void save();
}
