"""The gunicorn worker: gthread, with one fix to its graceful stop.

After SIGTERM, gunicorn's gthread worker (26.x) waits for its open connections with a single
``select`` for the whole remaining ``graceful_timeout``, and closes an idle keep-alive connection
only after that ``select`` returns. So one idle connection held by a client (a load balancer
keeps them to every pod) kept a stopping worker alive for the full 20 s, not the 2 s keep-alive
timeout, on every rollout, scale-down and SIGHUP. Here the wait wakes up at least twice a
second while stopping, so idle connections are closed when their keep-alive time is up and the
worker exits once its in-flight requests are answered. Requests in flight are unchanged: they
still have the whole ``graceful_timeout``.
"""

from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker

#: Longest wait for socket events while stopping, in seconds.
STOPPING_POLL_SECONDS = 0.5


class DrainingThreadWorker(ThreadWorker):  # type: ignore[misc]
    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if not self.alive:
            timeout = min(timeout, STOPPING_POLL_SECONDS)
        super().wait_for_and_dispatch_events(timeout)
