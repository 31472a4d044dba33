package io.vmodem.at;

/** A growable FIFO of bytes: input held while a command runs, and output gathered per event. */
final class ByteQueue {
    private byte[] buf;
    private int head;
    private int tail;

    ByteQueue(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return head == tail;
    }

    void add(int b) {
        ensure(1);
        buf[tail++] = (byte) b;
    }

    void add(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, tail, len);
        tail += len;
    }

    void addAscii(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            buf[tail++] = (byte) s.charAt(i);
        }
    }

    int take() {
        int b = buf[head++] & 0xff;
        if (head == tail) {
            head = tail = 0;
        }
        return b;
    }

    int peek() {
        return buf[head] & 0xff;
    }

    /** Direct access for bulk reads: the bytes from {@link #head()} for {@link #size()}. */
    byte[] array() {
        return buf;
    }

    int head() {
        return head;
    }

    void skip(int n) {
        head += n;
        if (head == tail) {
            head = tail = 0;
        }
    }

    void clear() {
        head = tail = 0;
    }

    /** Drops the storage when it grew large, so an idle modem stays small. */
    void trim(int keep) {
        if (isEmpty() && buf.length > keep) {
            buf = new byte[keep];
            head = tail = 0;
        }
    }

    private void ensure(int extra) {
        if (tail + extra <= buf.length) {
            return;
        }
        int size = size();
        if (size + extra <= buf.length / 2 && head > 0) {
            System.arraycopy(buf, head, buf, 0, size);
        } else {
            byte[] bigger = new byte[Math.max(buf.length * 2, size + extra + 16)];
            System.arraycopy(buf, head, bigger, 0, size);
            buf = bigger;
        }
        head = 0;
        tail = size;
    }
}
