package io.vmodem.at;

/** The engine's settings in force, with the factory and saved profiles behind them. */
final class Profiles implements SettingsStore {
    private final AtSettings factory;
    private final AtSettings saved;
    private final AtSettings current;

    /** @param factory the dialect's factory settings; also the saved profile at first */
    Profiles(AtSettings factory) {
        this.factory = factory.copy();
        this.saved = factory.copy();
        this.current = factory.copy();
    }

    AtSettings current() {
        return current;
    }

    @Override
    public void restoreSaved() {
        current.copyFrom(saved);
    }

    @Override
    public void restoreFactory() {
        current.copyFrom(factory);
    }

    @Override
    public void save() {
        saved.copyFrom(current);
    }
}
