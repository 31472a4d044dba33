"""The control API over HTTP: requests, problem details as exceptions, Server-Sent Events."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Generic, Iterator, List, Mapping, NamedTuple, Optional, TypeVar


class VmodemError(Exception):
    """Something vmodem or its control API could not do."""


class ProblemError(VmodemError):
    """The control API answered with an RFC 9457 problem document.

    ``detail`` says what is wrong (the API's own words), ``status`` is the HTTP status (400 a wrong
    field, named in ``field``; 404 no such modem or condition; 501 a fault this build cannot do),
    and ``problem`` is the whole document.
    """

    def __init__(self, status: int, problem: Mapping[str, Any], method: str = "", path: str = ""):
        self.status = status
        self.problem = dict(problem)
        self.title = str(problem.get("title", http.client.responses.get(status, "")))
        self.detail = str(problem.get("detail", self.title))
        self.field = problem.get("field")
        self.method = method
        self.path = path
        super().__init__(self.detail)

    def __str__(self) -> str:
        return f"{self.detail} ({self.status} {self.title}: {self.method} /{self.path.lstrip('/')})"


class StartError(VmodemError):
    """The jar could not be found or started; ``output`` holds what it printed."""

    def __init__(self, message: str, output: str = "", returncode: Optional[int] = None):
        self.output = output
        self.returncode = returncode
        super().__init__(message)


class WaitTimeout(VmodemError, TimeoutError):
    """What was waited for did not happen in time."""


class SseMessage(NamedTuple):
    """One Server-Sent Event: its name, ID and data (the data's lines joined by newlines)."""

    event: str
    id: Optional[str]
    data: str

    def json(self) -> Any:
        return json.loads(self.data)


class Api:
    """The control API at ``base_url`` (``http://127.0.0.1:5580/``), with its token if it needs one."""

    def __init__(self, base_url: str, token: Optional[str] = None, timeout: float = 10.0):
        if not base_url.endswith("/"):
            base_url += "/"
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"expected the control API's http:// address, got {base_url!r}")
        self.base_url = base_url
        self.host = parts.hostname
        self.port = parts.port or 80
        self.token = token
        self.timeout = timeout
        # Loopback needs no proxy, whatever http_proxy says.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def url(self, path: str, query: Optional[Mapping[str, Any]] = None) -> str:
        q = {k: v for k, v in (query or {}).items() if v is not None}
        return self.base_url + path.lstrip("/") + ("?" + urllib.parse.urlencode(q) if q else "")

    def _headers(self) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        query: Optional[Mapping[str, Any]] = None,
        content_type: str = "application/json",
    ) -> Any:
        """Sends a request; the answer's JSON (or text), or :class:`ProblemError` for an error status.

        ``body`` is JSON-encoded unless it is ``str`` or ``bytes`` (sent as given, as ``content_type``).
        """
        headers = self._headers()
        data = None
        if body is not None:
            if isinstance(body, str):
                data = body.encode("utf-8")
            elif isinstance(body, bytes):
                data = body
            else:
                data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.url(path, query), data=data, method=method, headers=headers)
        try:
            with self._opener.open(req, timeout=self.timeout) as answer:
                return _decode(answer.headers.get("Content-Type", ""), answer.read())
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                doc = _decode(e.headers.get("Content-Type", ""), raw)
            except ValueError:
                doc = raw.decode("utf-8", "replace")
            if not isinstance(doc, dict):
                doc = {"title": e.reason, "detail": str(doc).strip() or str(e.reason)}
            raise ProblemError(e.code, doc, method, path) from None
        except (urllib.error.URLError, OSError) as e:
            reason = e.reason if isinstance(e, urllib.error.URLError) else e
            raise VmodemError(f"control API at {self.base_url} did not answer {method} {path}: {reason}") from e

    def stream(self, path: str, query: Optional[Mapping[str, Any]] = None) -> "EventStream":
        """Opens a Server-Sent Events stream (``/api/events``, ``/api/modems/1/trace/stream``)."""
        return EventStream(self, path, query)


def _decode(content_type: str, raw: bytes) -> Any:
    text = raw.decode("utf-8")
    if "json" in content_type:
        return json.loads(text) if text else None
    return text


class EventStream:
    """A Server-Sent Events stream, read by hand: iterate for :class:`SseMessage`s.

    Each read waits at most ``timeout`` seconds (``settimeout`` changes it; ``None`` waits for
    ever); a read that times out raises ``socket.timeout`` and the stream is then unusable.
    ``close`` may be called from another thread to end a read in progress.
    """

    def __init__(self, api: Api, path: str, query: Optional[Mapping[str, Any]] = None, timeout: Optional[float] = None):
        self._conn = http.client.HTTPConnection(api.host, api.port, timeout=api.timeout)
        target = api.url(path, query)[len(api.base_url) - 1 :]
        try:
            self._conn.request("GET", target, headers={"Accept": "text/event-stream", **api._headers()})
            self._answer = self._conn.getresponse()
        except OSError as e:
            self._conn.close()
            raise VmodemError(f"control API at {api.base_url} did not answer GET {path}: {e}") from e
        if self._answer.status != 200:
            raw = self._answer.read()
            self._conn.close()
            try:
                doc = _decode(self._answer.getheader("Content-Type", ""), raw)
            except ValueError:
                doc = None
            if not isinstance(doc, dict):
                doc = {"detail": raw.decode("utf-8", "replace").strip() or self._answer.reason}
            raise ProblemError(self._answer.status, doc, "GET", path)
        self.settimeout(timeout)
        self._closed = False

    def settimeout(self, seconds: Optional[float]) -> None:
        if self._conn.sock is not None:
            self._conn.sock.settimeout(seconds)

    def __iter__(self) -> Iterator[SseMessage]:
        event, ident, data = "message", None, []
        while True:
            try:
                raw = self._answer.readline()
            except (ValueError, AttributeError, OSError) as e:  # closed under us
                if self._closed and not isinstance(e, socket.timeout):
                    return
                raise
            if not raw:
                return
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line:
                if data:
                    yield SseMessage(event, ident, "\n".join(data))
                event, data = "message", []
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)
            elif name == "id":
                ident = value

    def close(self) -> None:
        self._closed = True
        sock = self._conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._conn.close()

    def __enter__(self) -> "EventStream":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


T = TypeVar("T")


class Following(Generic[T]):
    """A live stream's items, as an iterator; each read waits until the deadline at most."""

    def __init__(
        self, stream: EventStream, items: Callable[[Dict[str, Any]], List[T]], timeout: Optional[float], what: str
    ):
        self._stream = stream
        self._messages = iter(stream)
        self._items = items
        self._pending: List[T] = []
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._timeout = timeout
        self._what = what

    def __iter__(self) -> "Following[T]":
        return self

    def __next__(self) -> T:
        while not self._pending:
            if self._deadline is not None:
                left = self._deadline - time.monotonic()
                if left <= 0:
                    self.close()
                    raise WaitTimeout(f"nothing further in {self._what} within {self._timeout} s")
                self._stream.settimeout(left)
            try:
                message = next(self._messages, None)
            except socket.timeout:
                self.close()
                raise WaitTimeout(f"nothing further in {self._what} within {self._timeout} s") from None
            if message is None:
                self.close()
                raise StopIteration
            self._pending = self._items(json.loads(message.data))
        return self._pending.pop(0)

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> "Following[T]":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
