"""The pytest plugin, run on test files of its own (pytester): fresh modems, traces of failures."""

import xml.etree.ElementTree as ET

from vmodem_client import server as server_module

RIG = '''
import socket

import pytest

ids = []


@pytest.fixture
def link(vmodem):
    """Open until the test's teardown, after its report (and trace) is written."""
    with socket.create_connection(vmodem.address, timeout=10) as sock:
        read(sock, b"+QIND: PB DONE\\r\\n")
        yield sock


def read(sock, until):
    got = b""
    while until not in got:
        chunk = sock.recv(4096)
        assert chunk, got
        got += chunk
    return got


def test_first_changes_its_modem(vmodem, link):
    link.sendall(b"ATE0\\r")
    read(link, b"OK\\r\\n")
    ids.append(vmodem.id)


def test_second_gets_a_fresh_one(vmodem, link):
    link.sendall(b"AT\\r")
    assert read(link, b"OK\\r\\n") == b"AT\\r\\r\\nOK\\r\\n"  # echo on again
    assert vmodem.id not in ids


def test_fails_with_its_link_open(link):
    link.sendall(b"AT+CGMI\\r")
    read(link, b"OK\\r\\n")
    assert False, "the driver wanted another manufacturer"


def test_fails_after_its_link_closed(link):
    link.sendall(b"AT+CGSN\\r")
    read(link, b"OK\\r\\n")
    link.close()
    assert False, "the driver wanted another IMEI"
'''

PTY_RIG = '''
import os
import select
import termios
import tty

import pytest


def read(fd, until):
    got = b""
    while until not in got:
        ready, _, _ = select.select([fd], [], [], 10)
        assert ready, got
        got += os.read(fd, 4096)
    return got


@pytest.mark.vmodem("pty")
def test_fails_on_the_pty(vmodem):
    fd = os.open(vmodem.path, os.O_RDWR | os.O_NOCTTY)
    try:
        tty.setraw(fd, termios.TCSANOW)
        read(fd, b"+QIND: PB DONE\\r\\n")
        os.write(fd, b"AT+CGMM\\r")
        assert b"BG96" in read(fd, b"OK\\r\\n")
    finally:
        os.close(fd)
    assert False, "the driver wanted another model"
'''


def test_each_test_gets_a_fresh_modem_and_a_failed_one_leaves_its_trace_beside_the_report(pytester):
    running = set(server_module._running)
    pytester.makepyfile(test_rig=RIG)
    result = pytester.runpytest("-p", "vmodem_client.pytest_plugin", "--junitxml=reports/junit.xml")
    result.assert_outcomes(passed=2, failed=2)
    assert set(server_module._running) == running, "the session's server is closed"

    traces = pytester.path / "reports" / "vmodem-traces" / "test_rig"
    assert sorted(p.name for p in traces.iterdir()) == [
        "test_fails_after_its_link_closed.trace",
        "test_fails_with_its_link_open.trace",
    ]
    open_link = (traces / "test_fails_with_its_link_open.trace").read_text().splitlines()
    closed_link = (traces / "test_fails_after_its_link_closed.trace").read_text().splitlines()
    for lines, command in ((open_link, "AT+CGMI"), (closed_link, "AT+CGSN")):
        assert lines[0].startswith("# vmodem trace, started ")
        assert lines[1].startswith("# test_rig.py::test_fails_")
        body = lines[2:]
        names = {line.split(" ")[1] for line in body}
        assert len(names) == 1, f"one modem's lines only, got {names}"
        assert any(line.endswith(f" > {command}\\r") for line in body)
        assert not any("ATE0" in line or "AT\\r" == line.split(" ", 3)[-1] for line in body)
        assert " * modem bg96, IMEI " in body[0]
    assert closed_link[-1].endswith(" * link closed")

    result.stdout.fnmatch_lines(["*- vmodem trace -*", "*test_fails_with_its_link_open.trace (* lines; the last:)"])
    junit = ET.parse(pytester.path / "reports" / "junit.xml")
    recorded = {p.get("value") for p in junit.iter("property") if p.get("name") == "vmodem_trace"}
    assert recorded == {str(traces / "test_fails_with_its_link_open.trace"), str(traces / "test_fails_after_its_link_closed.trace")}


def test_a_pty_modem_is_a_server_of_its_own_and_its_trace_goes_under_the_rootdir(pytester):
    running = set(server_module._running)
    pytester.makepyfile(test_pty_rig=PTY_RIG)
    result = pytester.runpytest("-p", "vmodem_client.pytest_plugin")
    result.assert_outcomes(failed=1)
    assert set(server_module._running) == running, "the test's pty server is closed"

    trace = (pytester.path / "vmodem-traces" / "test_pty_rig" / "test_fails_on_the_pty.trace").read_text()
    assert " m1 * link pty " in trace
    assert " m1 > AT+CGMM\\r" in trace
    assert " m1 < \\r\\nOK\\r\\n" in trace
