package io.vmodem.at;

/**
 * Command mode, a byte at a time: echoed per ATE, assembled into lines ({@link LineAssembler}),
 * each complete line run ({@link CommandRunner}); {@code A/} repeats the last, and a line too long
 * is an ERROR. The Ctrl+Z a host may send after fixed-length data is not a command's.
 */
final class CommandMode {
    private final LineAssembler assembler;
    private final DataEntryMode data;
    private final CommandRunner commands;
    private final DteOutput output;
    private final AtSettings settings;

    CommandMode(
            LineAssembler assembler,
            DataEntryMode data,
            CommandRunner commands,
            DteOutput output,
            AtSettings settings) {
        this.assembler = assembler;
        this.data = data;
        this.commands = commands;
        this.output = output;
        this.settings = settings;
    }

    void take(int b) {
        if (data.swallowed(b)) {
            return;
        }
        LineAssembler.Event event = assembler.accept(b);
        if (event != LineAssembler.Event.SWALLOWED && settings.echo()) {
            output.add(b);
        }
        switch (event) {
            case LINE -> commands.runLine(assembler.line());
            case REPEAT -> commands.runLine(commands.lastLine());
            case TOO_LONG -> {
                commands.explain("AT", "a line longer than " + LineAssembler.MAX_LINE + " characters");
                output.result(Final.ERROR);
            }
            default -> {}
        }
    }
}
