"""The client against the real jar: starting and stopping it, the API's answers and errors."""

import re
import socket

import pytest

from conftest import Link
from vmodem_client import ProblemError, Server, StartError, WaitTimeout


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def test_a_started_server_answers_and_closing_it_frees_its_process_and_ports():
    server = Server.start(boot_time=50)
    try:
        link_port, control_port = server.address[1], server.api.port
        assert server.address[0] == "127.0.0.1" and link_port > 0
        assert server.link_url == f"socket://127.0.0.1:{link_port}"
        assert server.modems() == []
        assert server.openapi()["paths"]["/api/modems/{id}/faults"]["post"]["operationId"] == "injectFault"
        assert re.search(r"^vmodem_modems(\{.*\})? 0(\.0)?$", server.metrics(), re.MULTILINE)
    finally:
        server.close()
    assert server.process.returncode is not None
    assert refused(link_port) and refused(control_port)
    server.close()  # twice is harmless


def test_a_refused_option_is_a_start_error_with_the_programs_words():
    with pytest.raises(StartError, match="unknown dialect 'nokia3310'") as e:
        Server.start(dialect="nokia3310")
    assert e.value.returncode not in (None, 0)


def test_a_missing_jar_is_a_start_error_naming_it(tmp_path):
    with pytest.raises(StartError, match="no vmodem jar at"):
        Server.start(jar=tmp_path / "nothing.jar")


def test_attaching_to_a_running_control_api_sees_its_modems_and_leaves_it_running(vmodem_server):
    sock, modem = vmodem_server.connect()
    with sock:
        attached = Server.attach(vmodem_server.control_url)
        try:
            ids = [m["id"] for m in attached.modems()]
            assert modem.id in ids
            assert attached.modem(modem.id).info()["link"] == "tcp 127.0.0.1:%d" % sock.getsockname()[1]
        finally:
            attached.close()
        assert vmodem_server.modem(modem.id).info()["id"] == modem.id  # still there


def test_attaching_where_nobody_listens_fails_at_once():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Exception, match="did not answer"):
        Server.attach(f"http://127.0.0.1:{port}/")


def test_problem_details_become_exceptions_carrying_the_detail(vmodem, link):
    with pytest.raises(ProblemError) as unknown:
        vmodem.server.modem(999999).fault("pdp-drop", context=1)
    assert unknown.value.status == 404
    assert unknown.value.detail.startswith("no modem 999999")

    with pytest.raises(ProblemError) as slow:
        vmodem.condition("slow-answers", delay="soon")
    assert slow.value.status == 400 and slow.value.field == "delay"
    assert "delay" in slow.value.detail and "delay" in str(slow.value)

    with pytest.raises(ProblemError) as wrong:
        vmodem.fault("pdp-drop", context=1, colour="red")
    assert wrong.value.status == 400 and wrong.value.field == "colour"


def test_a_condition_holds_until_cleared(vmodem, link):
    assert b"+CSQ: 20,99" in link.command("AT+CSQ")
    applied = vmodem.condition("signal", rssi=5, for_="30s")
    assert applied["conditions"] == [{"condition": "signal", "rssi": 5, "for": "30s"}]
    assert b"+CSQ: 5,99" in link.command("AT+CSQ")
    assert vmodem.info()["conditions"] == [{"condition": "signal", "rssi": 5, "for": "30s"}]
    vmodem.clear("signal")
    assert b"+CSQ: 20,99" in link.command("AT+CSQ")
    vmodem.wait_for_line("clear signal", kind="fault")


def test_a_scenario_loaded_over_the_api_reaches_only_its_modem(vmodem, link):
    bystander_sock, bystander = vmodem.server.connect()
    with bystander_sock:
        loaded = vmodem.load_scenario("seed: 3\nsteps:\n  - do: {condition: signal, rssi: 7}\n")
        assert loaded["modems"] == [vmodem.id]
        assert b"+CSQ: 7,99" in link.command("AT+CSQ")
        assert bystander.info()["conditions"] == []


def test_power_reset_boots_the_modem_again_on_the_same_link(vmodem, link):
    vmodem.wait_powered()
    vmodem.reset()
    link.expect(b"\r\nRDY\r\n")
    link.expect(b"+QIND: PB DONE\r\n")
    vmodem.wait_powered()
    assert b"OK" in link.command("AT")


def test_a_urc_sent_over_the_api_reaches_the_host(vmodem, link):
    vmodem.urc('+QIURC: "closed",3')
    link.expect(b'\r\n+QIURC: "closed",3\r\n')


def test_the_trace_is_read_and_followed_live(vmodem, link):
    link.command("AT+CGMI")
    kept = vmodem.trace()
    assert [l.seq for l in kept] == list(range(1, len(kept) + 1))
    assert any(l.kind == ">" and l.text == "AT+CGMI\\r" for l in kept)

    follow = vmodem.follow_trace(since=kept[-1].seq, timeout=10)
    link.command("AT+CGMM")
    later = []
    for line in follow:
        later.append(line)
        if line.kind == "<" and line.text == "\\r\\nOK\\r\\n":
            break
    follow.close()
    assert later[0].seq == kept[-1].seq + 1
    assert ("> ", "AT+CGMM\\r") == (later[0].kind + " ", later[0].text)
    assert all(l.modem == vmodem.id for l in later)


def test_waiting_for_a_line_that_never_comes_says_what_came(vmodem, link):
    link.command("AT+CGMR")
    with pytest.raises(WaitTimeout, match=r"no trace line of kind < matching 'NEVER SAID'(.|\n)*AT\+CGMR"):
        vmodem.wait_for_line("NEVER SAID", kind="<", timeout=1)


def test_the_event_stream_sees_a_modem_come_and_go(vmodem_server):
    events = vmodem_server.events(timeout=10)
    sock, modem = vmodem_server.connect()
    local = "tcp 127.0.0.1:%d" % sock.getsockname()[1]
    sock.close()
    seen = []
    for event in events:
        if event["modem"] == modem.id and event["type"] == "modem":
            seen.append(event["detail"])
            if event["detail"]["state"] == "removed":
                break
    events.close()
    assert seen[0] == {"state": "added", "dialect": "bg96", "link": local}


def test_modems_that_connect_are_told_apart_by_their_link(vmodem_server):
    a, first = vmodem_server.connect()
    b, second = vmodem_server.connect()
    with a, b:
        assert first.id != second.id
        first.fault("pdp-drop", context=1)
        assert first.info()["faultsInjected"] == 1
        assert second.info()["faultsInjected"] == 0
        Link(b).expect(b"PB DONE\r\n")
