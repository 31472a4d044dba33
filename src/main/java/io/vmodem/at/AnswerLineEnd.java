package io.vmodem.at;

import io.vmodem.time.Scheduler;

/**
 * The LF of a command's CR LF after an answer that turns every following byte into data (a prompt,
 * CONNECT): it is still line end, not data, when it reached the modem before the answer could
 * reach the host (in the same read as the CR, while the command ran, or while the answer was still
 * on a paced line). A host that ends lines with a bare CR and waits for the answer may begin its
 * data with LF.
 */
final class AnswerLineEnd {
    private final Scheduler scheduler;
    private final DtePort port;
    private final LineAssembler assembler;
    private final ByteQueue input;
    private final DteOutput output;
    /** The answer went out before the byte after its CR came. */
    private boolean open;

    private long answerDoneAt;

    AnswerLineEnd(Scheduler scheduler, DtePort port, LineAssembler assembler, ByteQueue input, DteOutput output) {
        this.scheduler = scheduler;
        this.port = port;
        this.assembler = assembler;
        this.input = input;
        this.output = output;
    }

    /** The command has answered: an LF already held is dropped, one still to come is watched for. */
    void answered() {
        open = false;
        if (!assembler.takeLineEnd()) {
            return; // no CR right before: A/, or S3 is LF itself
        }
        if (!input.isEmpty()) {
            if (input.peek() == '\n') {
                input.take();
            }
            return;
        }
        output.flush(false);
        open = true;
        answerDoneAt = port.outputDoneAt(scheduler.nanoTime());
    }

    /** Whether the first byte of the next read, {@code first}, is that LF (asked once per answer). */
    boolean isLineEnd(byte first) {
        if (!open) {
            return false;
        }
        open = false;
        return first == '\n' && port.inputArrivedAt(scheduler.nanoTime()) < answerDoneAt;
    }

    /** The mode the answer began has ended: no LF is watched for any more. */
    void close() {
        open = false;
    }
}
