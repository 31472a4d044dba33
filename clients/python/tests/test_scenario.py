"""A scenario file from examples/, loaded at start through the fixture's marker."""

import socket
import threading

import pytest

from conftest import SCENARIOS


@pytest.fixture
def sink():
    """A TCP peer on loopback that takes whatever it is sent."""
    server = socket.create_server(("127.0.0.1", 0))
    taken = []

    def serve():
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                taken.append(len(data))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    server.close()
    thread.join(10)


@pytest.mark.vmodem(scenario=SCENARIOS / "pdp-drop-during-upload.yaml")
def test_the_context_drops_mid_upload_as_the_scenario_file_says(vmodem, link, sink):
    link.command("AT+QIACT=1")
    link.command(f'AT+QIOPEN=1,0,"TCP","127.0.0.1",{sink},0,0', until=b"+QIOPEN: 0,0\r\n")
    chunk = bytes(range(256)) * 5 + bytes(180)  # 1460 bytes, a full QISEND
    sent = 0
    while b'"pdpdeact",1' not in link.received:
        assert sent < 100 * 1024, "the context was not dropped after 64 KiB"
        link.command("AT+QISEND=0,1460", until=b"> ")
        link.send(chunk)
        link.expect(b"SEND OK\r\n")
        sent += len(chunk)
    link.saw(b'\r\n+QIURC: "pdpdeact",1\r\n')
    assert sent >= 65536
    vmodem.wait_for_line("fault pdp-drop", kind="fault")
