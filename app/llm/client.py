"""One LLM call, made resilient: the official ``openai`` client with its own retries off
(``max_retries=0``) and this module's loop instead, so that every attempt is timed, counted and
bounded by the request's deadline; 429/5xx/timeouts/connection errors are retried with
exponential backoff (``Retry-After`` honoured); a circuit breaker stops calling a failing
endpoint. ``complete`` is a generator: it yields the text as it streams (:class:`Delta`, and
:class:`Reset` when a retried attempt had streamed some) and returns the :class:`Completion`.
"""

from __future__ import annotations

import email.utils
import functools
import logging
import queue
import ssl
import threading
import time
from collections.abc import Callable, Generator, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx2
import openai

from app import metrics
from app.inputs import clean_text
from app.llm.breaker import CIRCUIT_OPEN, USER_BACKOFF, CircuitBreaker
from app.llm.pricing import cost_usd
from app.llm.tools import Checked, ToolBox

log = logging.getLogger(__name__)
RETRIED = frozenset({"timeout", "rate_limited", "server_error", "connection_error"})
_REFUSED = {
    CIRCUIT_OPEN: "the circuit breaker is open",
    USER_BACKOFF: "this user's recent requests failed; backing off",
}


class LLMFailure(Exception):
    """The LLM path gave up; ``reason`` is the fallback reason (an outcome, or ``deadline``);
    ``tools`` what each tool call of the turn gave, for the fallback reply's ``data``."""

    def __init__(
        self, reason: str, detail: str = "", tools: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.tools = list(tools or [])


class _Attempt(Exception):
    def __init__(self, outcome: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail
        self.retry_after = retry_after


@dataclass
class Delta:
    text: str


@dataclass
class Reset:
    """Forget the text streamed so far (the attempt that streamed it failed)."""


Event = Delta | Reset


@dataclass
class Completion:
    content: str
    calls: list[Checked] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True)
class _Call:
    """One attempt's request: the messages, the tools offered, its read timeout, the request's
    deadline (``time.monotonic()``), streamed or not, and whether text was streamed yet."""

    messages: list[dict[str, Any]]
    tools: ToolBox | None
    timeout: float
    deadline: float
    stream: bool
    streamed: list[bool]


@dataclass(frozen=True)
class CallPolicy:
    model: str
    timeout: float
    max_retries: int
    backoff: float
    prices: Mapping[str, tuple[float, float]]
    max_reply_chars: int = 4000  # the longest reply text kept (and streamed); cut with "…"


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from a ``Retry-After`` (or ``retry-after-ms``) header, if any."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:  # an HTTP date; anything else ("abc") is as if there were no header (probe 39, O-L10)
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when else None


_call = threading.local()  # (deadline, stop) of the LLM call the current thread makes


class _DeadlineStream(httpx2.SyncByteStream):
    """A response body that stops at the call's deadline (or when the call is abandoned): a
    per-read timeout never fires on an answer that trickles a byte at a time."""

    def __init__(
        self, inner: httpx2.SyncByteStream, request: httpx2.Request, bound: tuple[float, Any]
    ) -> None:
        self.inner, self.request, (self.deadline, self.stop) = inner, request, bound

    def __iter__(self) -> Iterator[bytes]:
        for part in self.inner:
            if self.stop.is_set() or time.monotonic() > self.deadline:
                raise httpx2.ReadTimeout("the response outran the deadline", request=self.request)
            yield part

    def close(self) -> None:
        self.inner.close()


class _DeadlineTransport(httpx2.HTTPTransport):
    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = super().handle_request(request)
        bound = getattr(_call, "bound", None)
        if bound is not None:
            assert isinstance(response.stream, httpx2.SyncByteStream)
            response.stream = _DeadlineStream(response.stream, request, bound)
        return response


@functools.cache
def _tls() -> ssl.SSLContext:
    """The TLS context of every LLM client of the process, made once: httpx2 makes one per
    transport, reading the system's CA bundle each time (24 ms of CPU for each app built)."""
    return httpx2.create_ssl_context()


class LLMClient:
    def __init__(
        self,
        api_key: str,
        base_url: str | None,
        policy: CallPolicy,
        breaker: CircuitBreaker,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.policy = policy
        self.breaker = breaker
        self.sleep = sleep
        self.openai = openai.OpenAI(
            api_key=api_key,
            base_url=base_url,
            max_retries=0,
            timeout=policy.timeout,
            http_client=openai.DefaultHttpxClient(transport=_DeadlineTransport(verify=_tls())),
        )

    def complete(
        self,
        messages: list[dict[str, Any]],
        tools: ToolBox | None,
        deadline: float,
        stream: bool,
        user: Hashable = None,
    ) -> Generator[Event, None, Completion]:
        """One completion within ``deadline`` (a ``time.monotonic()`` value), retried as the
        policy allows, for ``user`` (the breaker backs off a user whose requests keep failing);
        raises :class:`LLMFailure` when it cannot be had."""
        # The breaker counts requests, not attempts: it is asked once, before the first attempt
        # (its retries are part of the same request, also while half open), and told once, when
        # the request succeeds or gives up (a request whose attempts all failed is one failure).
        if deadline - time.monotonic() <= 0:
            raise LLMFailure("deadline", "no time left for a call")
        refused = self.breaker.refusal(user)
        if refused is not None:
            metrics.LLM_REQUESTS.labels(refused).inc()
            raise LLMFailure(refused, _REFUSED[refused])
        try:
            completion = yield from self._attempts(messages, tools, deadline, stream)
        except LLMFailure:
            self.breaker.failure(user)
            raise
        self.breaker.success(user)
        return completion

    def _attempts(
        self,
        messages: list[dict[str, Any]],
        tools: ToolBox | None,
        deadline: float,
        stream: bool,
    ) -> Generator[Event, None, Completion]:
        """The request's attempts, retried as the policy allows."""
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMFailure("deadline", "no time left for a call")
            started = time.perf_counter()
            streamed = [False]
            try:
                completion = yield from self._bounded(
                    _Call(
                        messages,
                        tools,
                        min(self.policy.timeout, remaining),
                        deadline,
                        stream,
                        streamed,
                    )
                )
            except _Attempt as failed:
                metrics.LLM_LATENCY.observe(time.perf_counter() - started)
                metrics.LLM_REQUESTS.labels(failed.outcome).inc()
                if streamed[0]:
                    yield Reset()
                log.warning(
                    "llm call failed",
                    extra={"outcome": failed.outcome, "detail": failed.detail, "attempt": attempt},
                )
                delay = (
                    failed.retry_after
                    if failed.retry_after is not None
                    else self.policy.backoff * 2**attempt
                )
                left = deadline - time.monotonic()
                if failed.outcome not in RETRIED or attempt >= self.policy.max_retries:
                    raise LLMFailure(failed.outcome, failed.detail) from None
                if delay >= left:
                    raise LLMFailure(failed.outcome, f"{failed.detail}; no time to retry") from None
                self.sleep(delay)
                attempt += 1
                continue
            metrics.LLM_LATENCY.observe(time.perf_counter() - started)
            invalid = any(c.error for c in completion.calls)
            metrics.LLM_REQUESTS.labels("invalid_arguments" if invalid else "ok").inc()
            metrics.LLM_TOKENS.labels("prompt").inc(completion.prompt_tokens)
            metrics.LLM_TOKENS.labels("completion").inc(completion.completion_tokens)
            metrics.LLM_COST.inc(
                cost_usd(
                    self.policy.prices,
                    self.policy.model,
                    completion.prompt_tokens,
                    completion.completion_tokens,
                )
            )
            return completion

    def _bounded(self, call: _Call) -> Generator[Event, None, Completion]:
        """One attempt that ends by ``deadline`` whatever the upstream does: it runs in a thread
        of its own and this generator relays its events, waiting no longer than the deadline.
        An abandoned attempt is told to stop; its body reads stop at the next byte (see
        :class:`_DeadlineStream`) and a silent upstream within the read timeout."""
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()

        def run() -> None:
            _call.bound = (call.deadline, stop)
            try:
                attempt = self._once(call)
                while True:
                    events.put(("event", next(attempt)))
            except StopIteration as done:
                events.put(("done", done.value))
            except BaseException as exc:  # handed to the request's thread
                events.put(("error", exc))

        threading.Thread(target=run, name="llm-call", daemon=True).start()
        try:
            while True:
                try:
                    kind, value = events.get(timeout=max(0.0, call.deadline - time.monotonic()))
                except queue.Empty:
                    raise _Attempt("timeout", "no complete answer by the deadline") from None
                if kind == "event":
                    yield value
                elif kind == "done":
                    completion: Completion = value
                    return completion
                else:
                    raise value
        finally:
            stop.set()

    def _once(self, call: _Call) -> Generator[Event, None, Completion]:
        messages, tools, timeout, stream = call.messages, call.tools, call.timeout, call.stream
        kwargs: dict[str, Any] = {"model": self.policy.model, "messages": messages}
        if tools is not None and tools.schemas:
            kwargs["tools"] = tools.schemas
        try:
            if not stream:
                response = self.openai.chat.completions.create(**kwargs, timeout=timeout)
                return self._parse(response, tools)
            chunks = self.openai.chat.completions.create(
                **kwargs, stream=True, stream_options={"include_usage": True}, timeout=timeout
            )
            return (yield from self._consume(chunks, tools, call.deadline, call.streamed))
        except _Attempt:
            raise
        except (openai.APITimeoutError, httpx2.TimeoutException) as exc:
            raise _Attempt("timeout", str(exc) or "timed out") from None
        except (openai.APIConnectionError, httpx2.TransportError) as exc:
            raise _Attempt("connection_error", str(exc) or "connection failed") from None
        except openai.RateLimitError as exc:
            raise _Attempt("rate_limited", str(exc), retry_after(exc.response.headers)) from None
        except openai.APIStatusError as exc:
            if exc.status_code >= 500:
                wait = retry_after(exc.response.headers)
                raise _Attempt("server_error", f"HTTP {exc.status_code}", wait) from None
            raise _Attempt("bad_response", f"HTTP {exc.status_code}: {exc.message}") from None
        except Exception as exc:  # malformed JSON, missing fields: whatever the body was
            raise _Attempt("bad_response", f"unreadable response: {exc!r}") from None

    def _parse(self, response: Any, tools: ToolBox | None) -> Completion:
        choices = getattr(response, "choices", None)
        if not choices:
            raise _Attempt("bad_response", "no choices in the response")
        message = choices[0].message
        calls = [
            self._check(tools, c.id, clean_text(c.function.name or ""), c.function.arguments)
            for c in (message.tool_calls or [])
        ]
        usage = getattr(response, "usage", None)
        return Completion(
            self._capped(clean_text(str(message.content or ""))),
            calls,
            int(getattr(usage, "prompt_tokens", 0) or 0),
            int(getattr(usage, "completion_tokens", 0) or 0),
        )

    def _consume(
        self, chunks: Any, tools: ToolBox | None, deadline: float, streamed: list[bool]
    ) -> Generator[Event, None, Completion]:
        text: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        usage = None
        seen = False
        room = self.policy.max_reply_chars  # what may still be streamed
        try:
            for chunk in chunks:
                if time.monotonic() > deadline:
                    raise _Attempt("timeout", "the stream outran the request's deadline")
                if getattr(chunk, "usage", None) is not None:
                    usage = chunk.usage
                for choice in chunk.choices or []:
                    seen = True
                    delta = choice.delta
                    if delta is None:
                        continue
                    if delta.content and room > 0:
                        # the model's text is held to the client input's rule (no NUL, no lone
                        # surrogate) before it is streamed, stored or cached, and cut at the cap
                        piece = clean_text(delta.content)
                        if len(piece) >= room:
                            piece, room = cut_at_word(piece, room), 0
                        else:
                            room -= len(piece)
                        text.append(piece)
                        streamed[0] = True
                        yield Delta(piece)
                    for part in delta.tool_calls or []:
                        slot = calls.setdefault(part.index, {"id": "", "name": "", "args": ""})
                        slot["id"] = part.id or slot["id"]
                        if part.function is not None:
                            slot["name"] += clean_text(part.function.name or "")
                            slot["args"] += part.function.arguments or ""
        finally:
            chunks.close()
        if not seen:
            raise _Attempt("bad_response", "the stream carried no choices")
        checked = [
            self._check(tools, c["id"], c["name"], c["args"]) for _, c in sorted(calls.items())
        ]
        return Completion(
            "".join(text),
            checked,
            int(getattr(usage, "prompt_tokens", 0) or 0),
            int(getattr(usage, "completion_tokens", 0) or 0),
        )

    def _capped(self, content: str) -> str:
        """``content`` cut to the policy's ``max_reply_chars`` (its last character "…")."""
        cap = self.policy.max_reply_chars
        return content if len(content) <= cap else cut_at_word(content, cap)

    @staticmethod
    def _check(tools: ToolBox | None, call_id: str, name: str, raw: str) -> Checked:
        if tools is None:
            return Checked(call_id, name, raw, error="no tools are offered here")
        return tools.check(call_id, name, raw)


def cut_at_word(text: str, room: int) -> str:
    """``text`` in at most ``room`` characters ending with "…", cut after its last whole word
    when one ends in the last fifth of the room (probe 27: "…Long ans…"), else at the room."""
    kept = text[: room - 1]
    whole = kept[-1:].isspace() or text[room - 1 : room].isspace()  # its last word ends there
    space = kept.rfind(" ")
    if not whole and space >= (room - 1) * 4 // 5:
        kept = kept[:space]
    return kept.rstrip() + "…"
