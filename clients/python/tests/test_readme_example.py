# The README's pytest example ("In your tests"), as it runs in CI: keep the two the same.
import serial


def test_the_driver_hears_the_network_drop_its_context(vmodem):
    with serial.serial_for_url(vmodem.url, timeout=10) as port:
        port.read_until(b"+QIND: PB DONE\r\n")  # booted
        port.write(b"AT+QIACT=1\r")
        assert port.read_until(b"OK\r\n").endswith(b"OK\r\n")
        vmodem.fault("pdp-drop", context=1)
        assert port.read_until(b'+QIURC: "pdpdeact",1\r\n').endswith(b'"pdpdeact",1\r\n')
