"""A running vmodem: the jar started as a process, or a control API attached to."""

from __future__ import annotations

import atexit
import collections
import datetime
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import Any, Callable, Deque, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple, Union

from ._api import Api, Following, StartError, VmodemError, WaitTimeout
from .modem import Id, Modem

JAR_ENV = "VMODEM_JAR"
JAR_IN_CHECKOUT = Path("target") / "vmodem.jar"


def find_jar(jar: Union[str, os.PathLike, None] = None) -> Path:
    """The runnable jar: ``jar`` if given, else ``$VMODEM_JAR``, else ``target/vmodem.jar`` of the
    checkout around the working directory or around this package."""
    if jar is not None:
        path = Path(jar)
        if not path.is_file():
            raise StartError(f"no vmodem jar at {path}")
        return path.resolve()
    env = os.environ.get(JAR_ENV)
    if env:
        path = Path(env)
        if not path.is_file():
            raise StartError(f"{JAR_ENV}={env} names no file")
        return path.resolve()
    looked = []
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            candidate = folder / JAR_IN_CHECKOUT
            if candidate.is_file():
                return candidate.resolve()
        looked.append(str(start))
    raise StartError(
        f"no vmodem jar: pass jar=..., set {JAR_ENV}, or build target/vmodem.jar with "
        f"`mvn -q -DskipTests package` (looked above {' and '.join(looked)})"
    )


def find_java(java: Union[str, os.PathLike, None] = None) -> str:
    """``java`` if given, else ``$JAVA_HOME/bin/java``, else ``java`` on the PATH (JDK 17 or later)."""
    if java is not None:
        return str(java)
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise StartError("no java: install a JDK 17 or later, or set JAVA_HOME")
    return found


class Mark(NamedTuple):
    """A moment, for "the modems that came after": see :meth:`Server.mark`."""

    time_ms: int
    last_id: int
    trace_offset: int


class SeenModem:
    """What the event stream said of a modem: its link, when it came, its power, whether it went."""

    def __init__(self, id: int, link: Optional[str] = None, added_ms: Optional[int] = None, power: Optional[str] = None):
        self.id = id
        self.link = link
        self.added_ms = added_ms
        self.power = power
        self.removed = False

    def __repr__(self) -> str:
        gone = ", gone" if self.removed else ""
        return f"<modem {self.id} on {self.link}, power {self.power}{gone}>"


def _epoch_ms(text: str) -> int:
    when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int(when.timestamp() * 1000)


class _Fleet:
    """Follows ``/api/events`` on a thread: every modem that came, its power, whether it went."""

    def __init__(self, api: Api):
        self._cond = threading.Condition()
        self._seen: Dict[int, SeenModem] = {}
        self._ended: Optional[str] = None
        self._stream = api.stream("api/events")  # subscribed before the list is read: nothing falls between
        for row in _pages(api):
            self._seen.setdefault(row["id"], SeenModem(row["id"], row.get("link"), None, row.get("power")))
        self._thread = threading.Thread(target=self._run, name="vmodem events", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        why = "the event stream ended"
        try:
            for message in self._stream:
                items = json.loads(message.data).get("items", [])
                with self._cond:
                    for item in items:
                        self._note(item)
                    self._cond.notify_all()
        except Exception as e:  # the server went, or the stream broke: waiters are told
            why = f"the event stream broke: {e}"
        with self._cond:
            self._ended = why
            self._cond.notify_all()

    def _note(self, item: Dict[str, Any]) -> None:
        modem = item.get("modem")
        detail = item.get("detail") or {}
        kind = item.get("type")
        if not isinstance(modem, int):
            return
        seen = self._seen.get(modem)
        if kind == "modem" and detail.get("state") == "added":
            if seen is None:
                seen = self._seen[modem] = SeenModem(modem)
            seen.link = detail.get("link", seen.link)
            seen.added_ms = _epoch_ms(item["time"])
            seen.power = seen.power or "off"
        elif seen is None:
            seen = self._seen[modem] = SeenModem(modem)
        if kind == "modem" and detail.get("state") == "removed":
            seen.removed = True
        elif kind == "power":
            seen.power = detail.get("state", seen.power)

    def last_id(self) -> int:
        with self._cond:
            return max(self._seen, default=0)

    def seen(self) -> List[SeenModem]:
        with self._cond:
            return sorted(self._seen.values(), key=lambda s: s.id)

    def wait(self, choose: Callable[[List[SeenModem]], Optional[Any]], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = choose(sorted(self._seen.values(), key=lambda s: s.id))
                if found is not None:
                    return found
                if self._ended is not None:
                    raise VmodemError(f"waiting for {what}: {self._ended}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WaitTimeout(f"no {what} within {timeout} s (seen: {self._seen_text()})")
                self._cond.wait(left)

    def _seen_text(self) -> str:
        return ", ".join(repr(s) for s in sorted(self._seen.values(), key=lambda s: s.id)[-5:]) or "no modem"

    def close(self) -> None:
        self._stream.close()
        self._thread.join(5)


def _pages(api: Api) -> Iterator[Dict[str, Any]]:
    offset = 0
    while True:
        page = api.request("GET", "api/modems", query={"offset": offset, "limit": 1000})
        yield from page["modems"]
        offset += len(page["modems"])
        if not page["modems"] or offset >= page["total"]:
            return


def _option(name: str, value: Any) -> List[str]:
    """A keyword argument as command-line options: ``boot_time=50`` is ``--boot-time=50``; True a
    flag; a list repeats the option; None and False leave it out."""
    flag = "--" + name.rstrip("_").replace("_", "-")
    if value is None or value is False:
        return []
    if value is True:
        return [flag]
    if isinstance(value, (list, tuple)):
        return [f"{flag}={v}" for v in value]
    return [f"{flag}={os.fspath(value) if isinstance(value, os.PathLike) else value}"]


_LINK_TCP = re.compile(r" on tcp://(\[[^\]]+\]|[^\s:/]+):(\d+)")
_LINK_PTY = re.compile(r" on (/\S+)(?: \((.+?)\))?(?:, paced at \d+ baud)? - open it")
_CONTROL = re.compile(r"^control API on (https?://\S+?/)api/modems( \(token required\))?")
_TOKEN = re.compile(r"^control token: (\S+)")

_running: "weakref.WeakSet[Server]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for server in list(_running):
        server.close()


class Server:
    """A running vmodem: ``Server.start(...)`` runs the jar, ``Server.attach(url)`` uses one already
    running. Use it as a context manager, or call :meth:`close`.

    ``address`` is the TCP link's ``(host, port)`` (each connection is a fresh modem), ``pty_path``
    the pseudo-terminal of a ``link="pty"`` server (one modem, on while the tty is open), and
    ``link_url`` either as pyserial's ``serial_for_url`` takes it.
    """

    def __init__(
        self,
        api: Api,
        *,
        process: Optional[subprocess.Popen] = None,
        address: Optional[Tuple[str, int]] = None,
        pty_path: Optional[str] = None,
        pty_link: Optional[str] = None,
        trace_path: Optional[Path] = None,
        output: Optional[Deque[str]] = None,
        pumps: Sequence[threading.Thread] = (),
        temp_dir: Optional[str] = None,
    ):
        self.api = api
        self.process = process
        self.address = address
        self.pty_path = pty_path
        self.pty_link = pty_link
        self.trace_path = trace_path
        self._output = output if output is not None else collections.deque(maxlen=1)
        self._pumps = list(pumps)
        self._temp_dir = temp_dir
        self._fleet: Optional[_Fleet] = None
        self._fleet_lock = threading.Lock()
        self._closed = False
        if process is not None:
            _running.add(self)

    # ---- starting and stopping ----

    @classmethod
    def start(
        cls,
        *,
        jar: Union[str, os.PathLike, None] = None,
        java: Union[str, os.PathLike, None] = None,
        jvm_args: Sequence[str] = (),
        dialect: Optional[str] = None,
        link: str = "tcp",
        listen: str = "127.0.0.1:0",
        pty_link: Union[str, os.PathLike, None] = None,
        control: str = "127.0.0.1:0",
        trace: Union[bool, str, os.PathLike, None] = None,
        args: Sequence[str] = (),
        env: Optional[Dict[str, str]] = None,
        timeout: float = 60.0,
        **options: Any,
    ) -> "Server":
        """Starts the jar and waits until its links and control API listen.

        ``link`` is ``"tcp"`` (on ``listen``; port 0 picks a free one) or ``"pty"`` (optionally with
        a symbolic link ``pty_link``). ``trace=True`` writes ``--trace`` to a temporary file (a path
        writes it there): ``trace_path`` names it. Any other command-line option is a keyword:
        ``boot_time=50``, ``scenario="examples/scenarios/hostile-uart.yaml"``, ``seed=7``,
        ``allow=["127.0.0.0/8"]``; ``args`` adds raw ones. Raises :class:`StartError` with what the
        program printed when it does not come up.
        """
        command = [find_java(java), *jvm_args, "-jar", str(find_jar(jar))]
        if dialect:
            command.append(f"--dialect={dialect}")
        if link == "tcp":
            command.append(f"--listen={listen}")
        elif link == "pty":
            command.append("--pty")
            command += _option("pty_link", pty_link)
        else:
            raise ValueError(f"link: expected 'tcp' or 'pty', got {link!r}")
        if control in (None, "off"):
            raise ValueError("the client needs the control API: control='HOST:PORT'")
        command.append(f"--control={control}")
        temp_dir = None
        trace_path = None
        if trace is True:
            temp_dir = tempfile.mkdtemp(prefix="vmodem-")
            trace_path = Path(temp_dir) / "vmodem.trace"
        elif trace:
            trace_path = Path(trace)
        if trace_path is not None:
            command.append(f"--trace={trace_path}")
        for name, value in options.items():
            command += _option(name, value)
        command += list(args)

        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=None if env is None else {**os.environ, **env},
        )
        output: Deque[str] = collections.deque(maxlen=500)
        lines: "queue.Queue[Optional[str]]" = queue.Queue()
        banner = threading.Event()  # set once the banner is read: the pump stops queueing lines
        pumps = [
            threading.Thread(target=_pump, args=(process.stdout, output, lines, banner), name="vmodem stdout", daemon=True),
            threading.Thread(target=_pump, args=(process.stderr, output, None, banner), name="vmodem stderr", daemon=True),
        ]
        for p in pumps:
            p.start()

        address = pty_path = made_link = control_url = None
        token = options.get("control_token")
        wants_token = False
        deadline = time.monotonic() + timeout
        try:
            while control_url is None or (address is None and pty_path is None) or (wants_token and token is None):
                try:
                    line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise StartError(
                        f"vmodem did not come up within {timeout} s: {' '.join(command)}", "\n".join(output)
                    ) from None
                if line is None:
                    code = process.wait()
                    _drained(process, pumps)
                    text = "\n".join(output)
                    said = [l for l in output if l.startswith("vmodem:")]
                    raise StartError(
                        (said[0] if said else f"vmodem exited with status {code}") + f" ({' '.join(command)})", text, code
                    )
                m = _LINK_TCP.search(line)
                if m and address is None:
                    address = (m.group(1).strip("[]"), int(m.group(2)))
                m = _LINK_PTY.search(line)
                if m and pty_path is None:
                    pty_path, made_link = m.group(1), m.group(2)
                m = _CONTROL.match(line)
                if m:
                    control_url, wants_token = m.group(1), bool(m.group(2))
                m = _TOKEN.match(line)
                if m:
                    token = m.group(1)
        except BaseException:
            banner.set()
            _stop(process)
            _drained(process, pumps)
            if temp_dir:
                shutil.rmtree(temp_dir, ignore_errors=True)
            raise
        banner.set()
        return cls(
            Api(control_url, token),
            process=process,
            address=address,
            pty_path=pty_path,
            pty_link=made_link,
            trace_path=trace_path,
            output=output,
            pumps=pumps,
            temp_dir=temp_dir,
        )

    @classmethod
    def attach(cls, url: str, token: Optional[str] = None) -> "Server":
        """The control API of a vmodem already running (``http://127.0.0.1:5580/``); closing it
        leaves that program running. ``address`` and ``pty_path`` are unknown here."""
        server = cls(Api(url, token))
        server.api.request("GET", "api/modems", query={"limit": 1})  # fails now if nobody is there
        return server

    def close(self, timeout: float = 15.0) -> None:
        """Stops the program (SIGTERM: it closes its links and flushes its trace; killed if it has
        not ended within ``timeout``) and waits until it has: its process and ports are gone."""
        if self._closed:
            return
        self._closed = True
        if self._fleet is not None:
            self._fleet.close()
        if self.process is not None:
            _stop(self.process, timeout)
            _drained(self.process, self._pumps)
            _running.discard(self)
        if self._temp_dir:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        where = f"tcp://{self.address[0]}:{self.address[1]}" if self.address else self.pty_path or "?"
        return f"<vmodem {where}, control {self.api.base_url}>"

    @property
    def output(self) -> str:
        """What the program printed (its last 500 lines), stdout and stderr together."""
        return "\n".join(self._output)

    @property
    def control_url(self) -> str:
        return self.api.base_url

    @property
    def link_url(self) -> str:
        """The link as pyserial's ``serial_for_url`` takes it: ``socket://127.0.0.1:PORT`` or the tty."""
        if self.address is not None:
            host = f"[{self.address[0]}]" if ":" in self.address[0] else self.address[0]
            return f"socket://{host}:{self.address[1]}"
        if self.pty_path is not None:
            return self.pty_path
        raise VmodemError("this server's link is not known (attached by its control API)")

    # ---- modems ----

    def modems(self) -> List[Dict[str, Any]]:
        """Every modem: dialect, link, IMEI, power, registration, signal, contexts, sockets..."""
        return list(_pages(self.api))

    def modem(self, id: Id) -> Modem:
        """The modem with this ID (``"all"``: every modem, for faults, conditions, power, URCs)."""
        return Modem(self, id)

    def fleet(self) -> _Fleet:
        """The event stream's view of every modem; started on first use."""
        with self._fleet_lock:
            if self._closed:
                raise VmodemError("this server is closed")
            if self._fleet is None:
                self._fleet = _Fleet(self.api)
            return self._fleet

    def mark(self) -> Mark:
        """Now, for :meth:`wait_for_modem`'s ``since``: modems that come after it."""
        fleet = self.fleet()
        last = max([fleet.last_id()] + [row["id"] for row in _pages(self.api)])
        size = self.trace_path.stat().st_size if self.trace_path and self.trace_path.exists() else 0
        return Mark(int(time.time() * 1000), last, size)

    def wait_for_modem(
        self,
        id: Optional[int] = None,
        *,
        since: Optional[Mark] = None,
        link: Optional[str] = None,
        power: Optional[str] = None,
        timeout: float = 30.0,
    ) -> Modem:
        """Waits for a modem to appear: the one with this ``id``, the first that came after
        ``since`` (a :meth:`mark`), the one on ``link`` (``tcp 127.0.0.1:40112``), or any; with
        ``power="on"``, until it has booted too."""

        def choose(seen: List[SeenModem]) -> Optional[Modem]:
            for s in seen:
                if id is None and since is None and link is None and s.removed:
                    continue
                if id is not None and s.id != id:
                    continue
                if link is not None and s.link != link:
                    continue
                if since is not None and (s.id <= since.last_id or s.added_ms is None or s.added_ms < since.time_ms):
                    continue
                if power is not None and s.power != power:
                    if s.removed:
                        raise VmodemError(f"modem {s.id} went away before its power was {power}")
                    return None
                return Modem(self, s.id)
            return None

        what = "modem" + (f" {id}" if id is not None else "") + (f" on {link}" if link else "")
        what += " after the mark" if since is not None else ""
        what += f" with power {power}" if power else ""
        return self.fleet().wait(choose, timeout, what)

    def modem_for(self, sock: socket.socket, timeout: float = 30.0) -> Modem:
        """The modem at the other end of ``sock``, a connection to the TCP link."""
        host, port = sock.getsockname()[:2]
        return self.wait_for_modem(link=f"tcp {host}:{port}", timeout=timeout)

    def connect(self, timeout: float = 30.0) -> Tuple[socket.socket, Modem]:
        """Connects to the TCP link: a fresh modem, and the connection to it."""
        if self.address is None:
            raise VmodemError("this server has no TCP link")
        sock = socket.create_connection(self.address, timeout=timeout)
        try:
            return sock, self.modem_for(sock, timeout)
        except BaseException:
            sock.close()
            raise

    def load_scenario(self, source: Any, modems: Optional[Iterable[int]] = None) -> Dict[str, Any]:
        """Loads a scenario into the modems its ``modems:`` picks (or ``modems``): a file (a
        ``Path``, or a ``str`` naming one), YAML or JSON text, or a dict."""
        if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and os.path.isfile(source)):
            source = Path(source).read_text(encoding="utf-8")
        if isinstance(source, str) and source.lstrip().startswith("{"):
            source = json.loads(source)
        picked = None if modems is None else [int(m) for m in modems]
        if isinstance(source, dict):
            body = dict(source)
            if picked is not None:
                body["modems"] = picked
            return self.api.request("POST", "api/scenarios", body)
        if not isinstance(source, str):
            raise TypeError(f"a scenario is a path, text or a dict, not {type(source).__name__}")
        if picked is not None:
            if re.search(r"^modems\s*:", source, re.MULTILINE):
                raise ValueError("this scenario picks its own modems: load it with Server.load_scenario")
            source = source.rstrip("\n") + f"\nmodems: {picked}\n"
        return self.api.request("POST", "api/scenarios", source, content_type="application/yaml")

    def events(self, timeout: Optional[float] = None) -> "Following[Dict[str, Any]]":
        """Every modem's changes, live (``/api/events``): modems coming and going, power, registration,
        signal, contexts, sockets, faults. Subscribed now; iterating ends with :class:`WaitTimeout`
        once ``timeout`` seconds have passed. ``close()`` it, or use it in a ``with``."""
        return Following(self.api.stream("api/events"), lambda m: list(m.get("items", [])), timeout, "the event stream")

    def openapi(self) -> Dict[str, Any]:
        return self.api.request("GET", "api/openapi.json")

    def metrics(self) -> str:
        """Prometheus text."""
        return self.api.request("GET", "metrics")

    def trace_lines(self, modems: Iterable[int], offset: int = 0) -> List[str]:
        """The lines of these modems in the ``--trace`` file, from byte ``offset`` on (with any
        ``... N trace lines dropped`` notice)."""
        names = {f"m{m}" for m in modems}
        return [
            line
            for line in self.trace_lines_from(offset)
            if line.startswith("... ") or line.split(" ", 2)[1:2] and line.split(" ", 2)[1] in names
        ]

    def trace_lines_from(self, offset: int = 0) -> List[str]:
        """Every line of the ``--trace`` file from byte ``offset`` on."""
        if self.trace_path is None:
            raise VmodemError("this server writes no trace file: start it with trace=True")
        with open(self.trace_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        # A line the writer has not finished yet stays for the next read.
        return text.splitlines() if text.endswith("\n") else text.splitlines()[:-1]

    def trace_header(self) -> str:
        """The trace file's first line: when it started, and the time zone of its times."""
        if self.trace_path is None or not self.trace_path.exists():
            return ""
        with open(self.trace_path, encoding="utf-8", errors="replace") as f:
            return f.readline().rstrip("\n")


def _pump(stream: Any, output: Deque[str], lines: "Optional[queue.Queue[Optional[str]]]", banner: threading.Event) -> None:
    for line in stream:
        line = line.rstrip("\n")
        output.append(line)
        if lines is not None and not banner.is_set():
            lines.put(line)
    if lines is not None:
        lines.put(None)


def _stop(process: subprocess.Popen, timeout: float = 15.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _drained(process: subprocess.Popen, pumps: Sequence[threading.Thread]) -> None:
    """The program has ended: its output read to the end, its pipes closed."""
    for p in pumps:
        p.join(5)
    for pipe in (process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()
