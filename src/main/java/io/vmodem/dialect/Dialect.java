package io.vmodem.dialect;

import io.vmodem.at.CommandTable;
import io.vmodem.at.DtePort;
import io.vmodem.modem.FileLimits;
import io.vmodem.modem.Modem;
import io.vmodem.modem.ModemProfile;

/**
 * A module's AT dialect: its identity, its command table and how a modem of this kind is brought
 * to life. Semantics live in the network layer; a dialect is syntax and wording.
 */
public interface Dialect {

    /** The name on the command line: {@code bg96}, {@code sim7600}, {@code bc260y}. */
    String name();

    /** One line for help and docs. */
    String description();

    ModemProfile profile();

    /** How many socket IDs the module has (BG96 12, SIM7600 10, BC260Y 5). */
    int socketCount();

    /** What the module's file storage holds (its certificates, keys and other uploads). */
    default FileLimits fileLimits() {
        return FileLimits.NONE;
    }

    /** The command table, for listing: {@code vmodem commands} and the README come from it. */
    CommandTable<?> commands();

    /** A new powered-off modem session speaking this dialect on {@code port}. */
    ModemSession open(Modem modem, DtePort port);
}
