"""A modem on a pseudo-terminal, driven as a firmware test rig drives a serial port."""

import pytest

serial = pytest.importorskip("serial", reason="pyserial: apt-get install python3-serial")


def at(port, line: bytes, until: bytes = b"OK\r\n") -> bytes:
    port.write(line + b"\r")
    got = port.read_until(until)
    assert got.endswith(until), f"{line!r}: no {until!r} in time, got {got!r}"
    return got


@pytest.mark.vmodem("pty")
def test_a_firmware_rig_on_the_pty_recovers_from_a_dropped_context(vmodem):
    assert vmodem.link == "pty" and vmodem.url.startswith("/dev/")
    port = serial.serial_for_url(vmodem.url, baudrate=115200, timeout=10)
    try:
        port.read_until(b"\r\nRDY\r\n")  # the modem powers on when the tty is first opened
        assert port.read_until(b"+QIND: PB DONE\r\n").endswith(b"PB DONE\r\n")
        vmodem.wait_powered()
        at(port, b"ATE0")
        at(port, b"AT+CMEE=2")
        at(port, b'AT+QICSGP=1,1,"iot.example","","",1')
        at(port, b"AT+QIACT=1")
        assert b'+QIACT: 1,1,1,"127.10.' in at(port, b"AT+QIACT?")

        vmodem.fault("pdp-drop", context=1)
        assert port.read_until(b'+QIURC: "pdpdeact",1\r\n').endswith(b'"pdpdeact",1\r\n')
        assert b"+QIACT: 1," not in at(port, b"AT+QIACT?")

        at(port, b"AT+QIACT=1")  # the rig's recovery: activate again
    finally:
        port.close()

    # The firmware closes and reopens the tty: the same modem, its context as it was left.
    with serial.serial_for_url(vmodem.url, baudrate=115200, timeout=10) as again:
        assert b'+QIACT: 1,1,1,"127.10.' in at(again, b"AT+QIACT?")
    assert vmodem.info()["activeContexts"] == 1
