"""Helpers for the client's tests: an AT link over a socket, as a host driver reads one."""

import socket
import time
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[3]
SCENARIOS = CHECKOUT / "examples" / "scenarios"


class Link:
    """The host's end of a TCP link: sends lines, waits for what the modem says (never sleeps)."""

    def __init__(self, sock: socket.socket, timeout: float = 10.0):
        self.sock = sock
        self.timeout = timeout
        self.received = b""
        self.cursor = 0

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def command(self, line: str, until: bytes = b"OK\r\n") -> bytes:
        """Sends an AT command line (CR-ended); what came up to and including ``until``."""
        self.send(line.encode() + b"\r")
        return self.expect(until)

    def expect(self, marker: bytes) -> bytes:
        """Waits for ``marker`` after what was read so far; returns the bytes through it."""
        at = self._wait(lambda: self.received.find(marker, self.cursor), marker)
        got, self.cursor = self.received[self.cursor : at + len(marker)], at + len(marker)
        return got

    def saw(self, marker: bytes) -> None:
        """Waits until ``marker`` has arrived at any point of the session."""
        self._wait(lambda: self.received.find(marker), marker)

    def _wait(self, find, marker: bytes) -> int:
        deadline = time.monotonic() + self.timeout
        while find() < 0:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {marker!r} within {self.timeout} s; got {self.received[-300:]!r}")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise AssertionError(f"the link closed before {marker!r}; got {self.received[-300:]!r}")
            self.received += chunk
        return find()


@pytest.fixture
def link(vmodem):
    """The test's modem, connected over TCP and booted (its power-up URCs read)."""
    sock = vmodem.connect()
    at = Link(sock)
    at.expect(b"+QIND: PB DONE\r\n")
    return at


try:
    import serial  # noqa: F401  (pyserial: Debian's python3-serial)
except ImportError:  # the README's example needs it; say so rather than fail to collect
    collect_ignore = ["test_readme_example.py"]

    def pytest_report_header(config):
        return "pyserial is missing: test_readme_example.py not collected, test_pty skipped (apt-get install python3-serial)"
