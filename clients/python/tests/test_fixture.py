"""The vmodem fixture's choices: options by indirect parametrization, a test without a connection."""

import pytest

from conftest import Link
from vmodem_client import WaitTimeout
from vmodem_client.pytest_plugin import LinkedModem


@pytest.mark.parametrize("vmodem", [{"dialect": "sim7600", "boot_time": 50}], indirect=True)
def test_options_given_by_parametrization_reach_the_server(vmodem):
    Link(vmodem.connect()).expect(b"PB DONE\r\n")
    assert vmodem.info()["dialect"] == "sim7600"
    assert "--dialect=sim7600" in vmodem.server.process.args


def test_a_modem_asked_for_before_any_connection_says_so(vmodem_server, monkeypatch):
    monkeypatch.setattr("vmodem_client.pytest_plugin.RESOLVE_TIMEOUT_S", 0.5)
    quiet = LinkedModem(vmodem_server, "tcp", mark=vmodem_server.mark())
    with pytest.raises(WaitTimeout, match="no modem connected to socket://127.0.0.1:[0-9]+ since this test began"):
        quiet.fault("pdp-drop", context=1)
