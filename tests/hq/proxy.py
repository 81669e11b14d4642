"""A lossy TCP proxy on 127.0.0.1 for the sync tests (bounded, seeded).

Per connection it may drop the connection at once, per request it may drop the connection before
the request reaches HQ (keep-alive connections carry many requests), and per response
it may cut the connection when HQ's answer starts to arrive — i.e. *after* HQ committed and before the
kiosk hears about it, the hardest case for idempotence.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading


class LossyProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        drop_connect: float = 0.0,
        drop_request: float = 0.0,
        cut_response: float = 0.0,
        seed: int = 0,
    ) -> None:
        self.upstream_port = upstream_port
        self.drop_connect, self.drop_request, self.cut_response = drop_connect, drop_request, cut_response
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stats = {"connections": 0, "dropped": 0, "cut": 0}
        self._stop = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _roll(self, p: float) -> bool:
        with self.lock:
            return self.rng.random() < p

    def _serve(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.stats["connections"] += 1
            if self._roll(self.drop_connect):
                self.stats["dropped"] += 1
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, dest: socket.socket, responses: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if responses and data.startswith(b"HTTP/") and self._roll(self.cut_response):
                    self.stats["cut"] += 1
                    break
                if not responses and data[:4] in (b"GET ", b"PUT ") and self._roll(self.drop_request):
                    self.stats["dropped"] += 1  # the connection dies before the request reaches HQ
                    break
                dest.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, dest):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def __enter__(self) -> LossyProxy:
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self.listener.close()
