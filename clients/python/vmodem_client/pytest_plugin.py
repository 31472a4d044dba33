"""pytest plugin: the ``vmodem`` fixture, a fresh virtual modem for each test.

Installed with the package it loads by itself (entry point ``pytest11``); from a checkout,
``pytest -p vmodem_client.pytest_plugin``. One vmodem server serves the TCP modems of the whole
session (each connection to its address is a fresh modem); a test that asks for a pseudo-terminal
gets a server of its own, as a pty carries one modem. When a test fails, the trace of its modems is
written to ``vmodem-traces/<test file>/<test>.trace`` (beside the ``--junitxml`` report when there is
one, else under the rootdir; ``--vmodem-traces DIR`` chooses) and named in the report.
"""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from ._api import ProblemError, StartError, VmodemError, WaitTimeout
from .modem import Modem
from .server import Mark, Server

# Tests want a server up fast more than they want the JIT's last few percent.
DEFAULT_JVM_ARGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

# How long a failed test's trace may take to reach the trace file (its writer lags by microseconds).
TRACE_CATCH_UP_S = 2.0

# How long a test's modem is waited for when the test asks for it before connecting.
RESOLVE_TIMEOUT_S = 30.0

_MODEMS_ATTR = "_vmodem_modems"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("vmodem", "vmodem: a virtual cellular module for each test")
    group.addoption("--vmodem-jar", dest="vmodem_jar", help="the runnable jar (default: $VMODEM_JAR, else target/vmodem.jar)")
    group.addoption(
        "--vmodem-link", dest="vmodem_link", choices=["tcp", "pty"], help="the link the vmodem fixture gives (default: tcp)"
    )
    group.addoption(
        "--vmodem-traces",
        dest="vmodem_traces",
        help="where failed tests' traces go (default: vmodem-traces/ beside the --junitxml report, else in the rootdir)",
    )
    parser.addini("vmodem_jar", "the runnable jar", default=None)
    parser.addini("vmodem_link", "the link the vmodem fixture gives: tcp or pty", default="tcp")
    parser.addini("vmodem_args", "more options for every vmodem server (e.g. --dialect=sim7600)", type="args", default=[])
    parser.addini("vmodem_jvm_args", "options for the JVM", type="args", default=DEFAULT_JVM_ARGS)
    parser.addini("vmodem_traces", "where failed tests' traces go", default=None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "vmodem(link='tcp'|'pty', **options): the modem the vmodem fixture gives this test: its link, and "
        "server options such as dialect='sim7600', boot_time=50, scenario='file.yaml', args=[...] "
        "(tests asking for the same options share a TCP server)",
    )


class LinkedModem(Modem):
    """A test's modem and its link: ``address`` (TCP, ``(host, port)``) or ``path`` (pty), and
    ``url`` for pyserial's ``serial_for_url`` either way.

    On TCP the modem is made when the test (or the firmware it runs) connects: ``id`` is the first
    modem that connected after the test began, waited for; ``connect()`` opens the connection from
    here and ties the handle to that modem.
    """

    def __init__(self, server: Server, link: str, *, id: Optional[int] = None, mark: Optional[Mark] = None):
        self.link = link
        self.mark = mark
        self._sockets: List[socket.socket] = []
        if id is None:
            assert mark is not None
            super().__init__(server, resolve=self._first_since_mark)
        else:
            super().__init__(server, id)

    def _first_since_mark(self) -> int:
        try:
            return int(self.server.wait_for_modem(since=self.mark, timeout=RESOLVE_TIMEOUT_S).id)
        except WaitTimeout:
            raise WaitTimeout(
                f"no modem connected to {self.server.link_url} since this test began "
                f"(waited {RESOLVE_TIMEOUT_S} s): connect to vmodem.address or vmodem.url first"
            ) from None

    @property
    def address(self) -> Tuple[str, int]:
        if self.server.address is None:
            raise VmodemError("this modem is on a pty: use .path")
        return self.server.address

    @property
    def path(self) -> str:
        if self.server.pty_path is None:
            raise VmodemError("this modem is on TCP: use .address")
        return self.server.pty_link or self.server.pty_path

    @property
    def url(self) -> str:
        return self.path if self.link == "pty" else self.server.link_url

    def connect(self, timeout: float = 30.0) -> socket.socket:
        """Connects to the TCP link (a fresh modem, which this handle then means); closed after the test."""
        sock, modem = self.server.connect(timeout)
        self._sockets.append(sock)
        self._id = modem.id
        return sock

    def ids(self) -> List[int]:
        """Every modem of this test so far."""
        if self.mark is None:
            return [int(self.id)]
        mark = self.mark
        ids = {
            s.id
            for s in self.server.fleet().seen()
            if s.id > mark.last_id and s.added_ms is not None and s.added_ms >= mark.time_ms
        }
        if self.server.trace_path is not None and self.server.trace_path.exists():
            # A modem that came and went within the event stream's last batch is in the file already.
            for line in self.server.trace_lines_from(mark.trace_offset):
                m = re.match(r"\S+ m(\d+) \* modem ", line)
                if m and int(m.group(1)) > mark.last_id:
                    ids.add(int(m.group(1)))
        if self._id is not None:
            ids.add(int(self._id))
        return sorted(ids)

    def close(self) -> None:
        for sock in self._sockets:
            sock.close()
        self._sockets.clear()


class ServerPool:
    """The session's servers: shared TCP servers by their options, and pty servers per test."""

    def __init__(self, config: pytest.Config, tmp_path_factory: pytest.TempPathFactory):
        self._config = config
        self._tmp = tmp_path_factory
        self._shared: Dict[str, Server] = {}
        self._refused: Dict[str, StartError] = {}
        self._own: List[Server] = []

    def _start(self, link: str, options: Dict[str, Any]) -> Server:
        config = self._config
        options = dict(options)
        args = list(config.getini("vmodem_args")) + list(options.pop("args", []))
        trace = self._tmp.mktemp("vmodem") / "vmodem.trace"
        return Server.start(
            jar=config.getoption("vmodem_jar") or config.getini("vmodem_jar") or None,
            jvm_args=config.getini("vmodem_jvm_args"),
            link=link,
            trace=trace,
            args=args,
            **options,
        )

    def shared(self, options: Dict[str, Any]) -> Server:
        key = repr(sorted(options.items()))
        if key in self._refused:  # one try per session: each test would wait for the same failure
            raise self._refused[key]
        server = self._shared.get(key)
        if server is None:
            try:
                server = self._start("tcp", options)
            except StartError as e:
                self._refused[key] = e
                raise
            self._shared[key] = server
            server.fleet()  # following the events from the start: every modem is seen
        return server

    def own(self, link: str, options: Dict[str, Any]) -> Server:
        server = self._start(link, options)
        self._own.append(server)
        return server

    def close(self) -> None:
        for server in list(self._shared.values()) + self._own:
            server.close()


@pytest.fixture(scope="session")
def vmodem_servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    pool = ServerPool(request.config, tmp_path_factory)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def vmodem_server(vmodem_servers: ServerPool) -> Server:
    """The session's default TCP server (options from the ini file only)."""
    return vmodem_servers.shared({})


@pytest.fixture
def vmodem(request: pytest.FixtureRequest, vmodem_servers: ServerPool) -> Any:
    """A fresh modem for this test, with its link and its fault API.

    Chosen by ``@pytest.mark.vmodem(link="pty", dialect="sim7600", ...)``, by indirect
    parametrization (``"tcp"``, ``"pty"`` or a dict of options), or by ``--vmodem-link``.
    """
    options: Dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("vmodem"))):  # the closest wins
        if marker.args:
            options["link"] = marker.args[0]
        options.update(marker.kwargs)
    param = getattr(request, "param", None)
    if isinstance(param, str):
        options["link"] = param
    elif isinstance(param, dict):
        options.update(param)
    link = options.pop("link", None) or request.config.getoption("vmodem_link") or request.config.getini("vmodem_link")
    if link == "tcp":
        server = vmodem_servers.shared(options)
        modem = LinkedModem(server, "tcp", mark=server.mark())
    elif link == "pty":
        server = vmodem_servers.own("pty", options)
        request.addfinalizer(server.close)
        modem = LinkedModem(server, "pty", id=server.modems()[0]["id"])
    else:
        raise pytest.UsageError(f"vmodem link: expected tcp or pty, got {link!r}")
    request.addfinalizer(modem.close)
    request.node.__dict__.setdefault(_MODEMS_ATTR, []).append(modem)
    return modem


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    outcome = yield
    report = outcome.get_result()
    modems = item.__dict__.get(_MODEMS_ATTR)
    if not modems or not report.failed or report.when not in ("setup", "call"):
        return
    try:
        path, lines = write_failure_trace(item, modems)
    except Exception as e:  # the test's own failure matters more than its trace
        report.sections.append(("vmodem trace", f"could not write the trace: {e}"))
        return
    item.user_properties.append(("vmodem_trace", str(path)))  # the JUnit XML report records it
    tail = "\n".join(lines[-20:])
    report.sections.append(("vmodem trace", f"{path} ({len(lines)} lines; the last:)\n{tail}"))


def traces_dir(config: pytest.Config) -> Path:
    chosen = config.getoption("vmodem_traces") or config.getini("vmodem_traces")
    if chosen:
        return Path(chosen)
    xml = getattr(config.option, "xmlpath", None)
    if xml:
        return Path(xml).resolve().parent / "vmodem-traces"
    return Path(config.rootpath) / "vmodem-traces"


def trace_file_for(config: pytest.Config, nodeid: str) -> Path:
    """``tests/test_a.py::TestX::test_y[p]`` goes to ``<dir>/tests/test_a/TestX.test_y[p].trace``."""
    module, _, rest = nodeid.partition("::")
    module = module[:-3] if module.endswith(".py") else module
    name = re.sub(r"[^\w.\-\[\]]", "_", rest.replace("::", ".")) or "test"
    folder = [re.sub(r"[^\w.\-]", "_", part) for part in module.split("/") if part not in ("", ".", "..")]
    return traces_dir(config).joinpath(*folder, name + ".trace")


def write_failure_trace(item: pytest.Item, modems: List[LinkedModem]) -> Tuple[Path, List[str]]:
    """Writes the trace of the test's modems, in ``--trace`` form (``vmodem transcript`` reads it)."""
    lines: List[str] = []
    names: List[str] = []
    header = ""
    for modem in modems:
        server = modem.server
        ids = modem.ids()
        offset = modem.mark.trace_offset if modem.mark is not None else 0
        _catch_up(server, ids, offset)
        lines += server.trace_lines(ids, offset)
        names += [f"m{i}" for i in ids]
        header = header or server.trace_header()
    path = trace_file_for(item.config, item.nodeid)
    path.parent.mkdir(parents=True, exist_ok=True)
    about = f"# {item.nodeid} failed; its modems: {', '.join(names) or 'none connected'}"
    path.write_text("\n".join([header, about, *lines]) + "\n", encoding="utf-8")
    return path, lines


def _catch_up(server: Server, ids: List[int], offset: int) -> None:
    """Waits (at most TRACE_CATCH_UP_S) until the trace file holds every line the modems traced:
    as many as a live modem has numbered, or a gone modem's last line."""
    deadline = time.monotonic() + TRACE_CATCH_UP_S
    while True:
        lines = server.trace_lines(ids, offset)
        behind = False
        for i in ids:
            mine = [line for line in lines if line.split(" ", 2)[1:2] == [f"m{i}"]]
            try:
                kept = int(server.api.request("GET", f"api/modems/{i}").get("traceNext", 0)) - 1
                behind = behind or len(mine) < kept
            except ProblemError as e:
                if e.status != 404:
                    raise
                behind = behind or not any(" * link closed" in line for line in mine)
        if not behind or time.monotonic() >= deadline:
            return
        time.sleep(0.02)  # a file has no "changed" signal to wait on; bounded by the deadline
