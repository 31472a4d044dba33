"""One modem of a running vmodem, through the control API: its state, faults, conditions, trace."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any, Callable, Collection, Dict, List, NamedTuple, Optional, Pattern, Union

from ._api import Following, VmodemError, WaitTimeout

if TYPE_CHECKING:
    from .server import Server

Id = Union[int, str]


class TraceLine(NamedTuple):
    """A line of a modem's trace as the API keeps it.

    ``kind`` is ``>`` (from the host) or ``<`` (to the host), ``>>``/``<<`` for bytes without a line
    end, ``net``, ``*`` (link and modem), ``fault`` or ``why``; ``text`` escapes control bytes as the
    trace file does (``\\r\\n``).
    """

    seq: int
    time: str
    kind: str
    text: str
    modem: Optional[int] = None

    def __str__(self) -> str:
        return f"{self.time} m{self.modem} {self.kind} {self.text}"


def _parameters(params: Dict[str, Any]) -> Dict[str, Any]:
    """Keyword arguments as the API names them: ``for_`` is ``for``; a timedelta is milliseconds."""
    out: Dict[str, Any] = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, datetime.timedelta):
            value = f"{round(value.total_seconds() * 1000)}ms"
        out[name[:-1] if name.endswith("_") else name] = value
    return out


class Modem:
    """A modem of ``server`` by its ID (its serial number: ``m3`` in the trace is modem 3).

    ``Modem(server, "all")`` acts on every modem (faults, conditions, power, URCs). The pytest
    fixture's modems resolve their ID lazily: the first modem that connected during the test.
    """

    def __init__(self, server: "Server", id: Optional[Id] = None, *, resolve: Optional[Callable[[], int]] = None):
        if id is None and resolve is None:
            raise ValueError("a modem needs its ID, or a way to find it")
        self.server = server
        self._id = id
        self._resolve = resolve

    def __repr__(self) -> str:
        return f"<Modem {self._id if self._id is not None else '(not connected yet)'} of {self.server!r}>"

    @property
    def id(self) -> Id:
        """The modem's ID; waits for the modem to appear when it is not known yet."""
        if self._id is None:
            assert self._resolve is not None
            self._id = self._resolve()
        return self._id

    def _path(self, tail: str = "") -> str:
        return f"api/modems/{self.id}{tail}"

    def _one(self) -> int:
        if self.id == "all":
            raise VmodemError("this asks one modem, not all")
        return int(self.id)

    # ---- state ----

    def info(self) -> Dict[str, Any]:
        """The modem in detail: power, registration, signal, contexts, sockets, services, conditions, settings."""
        self._one()
        return self.server.api.request("GET", self._path())

    def wait_powered(self, timeout: float = 30.0) -> "Modem":
        """Waits until the modem has booted (its power-up URCs are out)."""
        self.server.wait_for_modem(self._one(), power="on", timeout=timeout)
        return self

    # ---- faults ----

    def fault(self, name: str, **params: Any) -> Dict[str, Any]:
        """Injects a fault now: ``modem.fault("pdp-drop", context=1)``. The answer says what was applied."""
        return self.server.api.request("POST", self._path("/faults"), {"fault": name, **_parameters(params)})

    def condition(self, name: str, **params: Any) -> Dict[str, Any]:
        """Sets a condition until cleared (or for ``for_="30s"``): ``modem.condition("signal", rssi=5)``."""
        return self.server.api.request("PUT", self._path(f"/conditions/{name}"), _parameters(params))

    def clear(self, name: str, **selectors: Any) -> Dict[str, Any]:
        """Clears a condition; selectors such as ``direction="downlink"`` pick one of several."""
        return self.server.api.request("DELETE", self._path(f"/conditions/{name}"), query=_parameters(selectors))

    def load_scenario(self, source: Any) -> Dict[str, Any]:
        """Loads a scenario (a file, YAML text or a dict, as ``--scenario`` reads) into this modem only."""
        return self.server.load_scenario(source, modems=[self._one()])

    def power(self, action: str) -> Dict[str, Any]:
        """``reset``, ``off`` or ``on``."""
        return self.server.api.request("POST", self._path("/power"), {"action": action})

    def reset(self) -> Dict[str, Any]:
        return self.power("reset")

    def power_off(self) -> Dict[str, Any]:
        return self.power("off")

    def power_on(self) -> Dict[str, Any]:
        return self.power("on")

    def urc(self, line: str) -> Dict[str, Any]:
        """The modem sends ``line`` to the host as an unsolicited result code."""
        return self.server.api.request("POST", self._path("/urc"), {"line": line})

    # ---- trace ----

    def trace(self, since: int = 0, limit: Optional[int] = None) -> List[TraceLine]:
        """The trace lines the modem keeps in memory (``--trace-keep``), numbered above ``since``."""
        page = self.server.api.request("GET", self._path("/trace"), query={"since": since, "limit": limit})
        return [_line(page.get("modem"), item) for item in page["lines"]]

    def follow_trace(self, since: int = 0, timeout: Optional[float] = None) -> "Following":
        """The trace live (the stream of ``/trace/stream``): kept lines above ``since``, then each new one.

        The stream opens now; iterating ends with :class:`WaitTimeout` once ``timeout`` seconds have
        passed (never, without one). ``close()`` it, or use it in a ``with``.
        """
        modem = self._one()
        stream = self.server.api.stream(self._path("/trace/stream"), {"since": since})
        return Following(
            stream, lambda data: [_line(modem, item) for item in data.get("items", [])], timeout, f"modem {modem}'s trace"
        )

    def wait_for_line(
        self,
        pattern: Union[str, Pattern[str], Callable[[TraceLine], bool]],
        *,
        kind: Union[str, Collection[str], None] = None,
        since: int = 0,
        timeout: float = 10.0,
    ) -> TraceLine:
        """Waits for a trace line: ``pattern`` is text the line contains, a compiled regular
        expression it matches (``re.search``), or a predicate; ``kind`` limits it to ``<`` (to the
        host), ``>``, ``net``, ``fault``... Lines kept from before count too, unless ``since`` (a
        line number) says otherwise. Raises :class:`WaitTimeout` naming the last lines seen.
        """
        kinds = None if kind is None else ({kind} if isinstance(kind, str) else set(kind))
        if isinstance(pattern, str):
            matches: Callable[[TraceLine], bool] = lambda line: pattern in line.text  # noqa: E731
        elif isinstance(pattern, re.Pattern):
            matches = lambda line: pattern.search(line.text) is not None  # noqa: E731
        else:
            matches = pattern
        seen: List[TraceLine] = []
        why = f"within {timeout} s"
        try:
            with self.follow_trace(since=since, timeout=timeout) as lines:
                for line in lines:
                    if (kinds is None or line.kind in kinds) and matches(line):
                        return line
                    seen = (seen + [line])[-10:]
            why = "before the trace stream ended"
        except WaitTimeout:
            pass
        wanted = getattr(pattern, "pattern", pattern)
        last = "\n  ".join(str(s) for s in seen) or "(none)"
        raise WaitTimeout(
            f"modem {self.id}: no trace line{'' if kinds is None else ' of kind ' + '/'.join(sorted(kinds))} "
            f"matching {wanted!r} {why}; the last lines:\n  {last}"
        )


def _line(modem: Optional[int], item: Dict[str, Any]) -> TraceLine:
    return TraceLine(item["seq"], item["time"], item["kind"], item["text"], modem)


