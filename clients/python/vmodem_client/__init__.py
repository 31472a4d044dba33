"""vmodem_client: drive vmodem, the virtual cellular module, from Python and pytest.

Standard library only. ``Server.start()`` runs the jar (``Server.attach(url)`` uses one already
running); ``server.modem(id)`` injects faults, sets conditions, powers, and reads and follows its
trace. The pytest plugin (``vmodem_client.pytest_plugin``) gives each test a fresh modem: the
``vmodem`` fixture.
"""

from ._api import ProblemError, SseMessage, StartError, VmodemError, WaitTimeout
from .modem import Modem, TraceLine
from .server import Mark, Server, find_jar, find_java

__version__ = "0.1.0"

__all__ = [
    "Mark",
    "Modem",
    "ProblemError",
    "Server",
    "SseMessage",
    "StartError",
    "TraceLine",
    "VmodemError",
    "WaitTimeout",
    "find_jar",
    "find_java",
]
