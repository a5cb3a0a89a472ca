"""A modelled network link for the benchmarks and the download tests, inside their own server.

Chromium's own throttling (`Network.emulateNetworkConditions`) gave times here that did not
follow the bytes sent (3.8 s for 7.6 MB at 1.6 Mbps), so the link is modelled where the bytes are
sent instead:

- one downlink shared by every response (its bytes queue, 16 KB at a time, in arrival order,
  as on one radio link), at `down_mbps`;
- `rtt_ms` before each response starts (the request's round trip), and two more when a new
  connection opens (TCP, then TLS 1.3); connections are kept alive, as a host's HTTP/2 would;
- the site compressed as a host serving our precompressed copies does (serve.Handler).

TCP's slow start and losses are not modelled, so real links are somewhat slower than this.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from conferral_site.serve import Handler

CHUNK = 16 * 1024


@dataclass
class Link:
    name: str
    down_mbps: float | None  # None: loopback, nothing added
    rtt_ms: float = 0.0
    _free_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # (path, Content-Encoding, body bytes, time.time() when the last byte left)
    sent: list[tuple[str, str, int, float]] = field(default_factory=list)

    def wait(self, round_trips: float) -> None:
        if self.down_mbps is not None:
            time.sleep(round_trips * self.rtt_ms / 1000)

    def send(self, size: int) -> None:
        """Block until `size` bytes have crossed the shared downlink."""
        if self.down_mbps is None:
            return
        with self._lock:
            start = max(time.monotonic(), self._free_at)
            self._free_at = start + size * 8 / (self.down_mbps * 1e6)
            done = self._free_at
        time.sleep(max(0.0, done - time.monotonic()))

    def log(self, path: str, encoding: str, size: int) -> None:
        with self._lock:
            self.sent.append((path, encoding, size, time.time()))


SLOW_4G = Link("Slow 4G (1.6 Mbps down, 150 ms; Lighthouse's mobile profile)", 1.6, 150)
FAST_4G = Link("Fast 4G (9 Mbps down, 60 ms)", 9.0, 60)
LOOPBACK = Link("loopback", None)


def handler_for(link: Link) -> type[Handler]:
    class LinkHandler(Handler):
        protocol_version = "HTTP/1.1"  # kept-alive connections, as a host's HTTP/2 reuses one

        def setup(self) -> None:
            link.wait(2)  # a new connection: TCP's handshake, then TLS 1.3's
            super().setup()

        def send_head(self):  # type: ignore[override]
            self._encoding = "identity"
            link.wait(1)  # the request's round trip before the first byte of the answer
            return super().send_head()

        def send_header(self, keyword: str, value: str) -> None:
            if keyword.lower() == "content-encoding":
                self._encoding = value
            super().send_header(keyword, value)

        def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
            data = source.read()
            for start in range(0, len(data), CHUNK):
                chunk = data[start:start + CHUNK]
                link.send(len(chunk))
                outputfile.write(chunk)
            link.log(self.path.split("?", 1)[0], getattr(self, "_encoding", "identity"), len(data))

    return LinkHandler
