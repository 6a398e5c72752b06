"""A fake OpenAI-compatible server: a real HTTP server on 127.0.0.1 speaking the Chat Completions
wire format (``POST /v1/chat/completions``: JSON bodies, ``stream=true`` server-sent chunks with
``tool_calls`` deltas and a usage chunk, ``data: [DONE]``), driven by the official ``openai``
client through ``OPENAI_BASE_URL``. The LLM tests (tests/llm) and ``python -m bench.llm_faults``
both drive it.

Each test scripts the answers as a queue of :class:`Step`; a step describes one HTTP exchange
(a completion, an error status with headers, a delay, a malformed body, a dropped connection, a
slow stream). The same completion step is sent whole or as chunks, as the request asks. Every
request body is recorded for assertions.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    """One scripted exchange. ``kind``: completion | status | malformed | close."""

    kind: str = "completion"
    content: str | None = None
    tool_calls: list[tuple[str, str]] = field(default_factory=list)  # (name, JSON arguments)
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds before the response starts
    gap: float = 0.0  # seconds between stream chunks
    trickle: float = 0.0  # seconds between single bytes (a per-read timeout never fires)
    usage: tuple[int, int] = (50, 10)  # prompt, completion tokens


def text(content: str, **kw: Any) -> Step:
    return Step(content=content, **kw)


def tool_call(name: str, arguments: dict[str, Any] | str, **kw: Any) -> Step:
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return Step(tool_calls=[(name, args)], **kw)


def status(code: int, headers: dict[str, str] | None = None, **kw: Any) -> Step:
    body = json.dumps({"error": {"message": f"scripted {code}", "type": "server_error"}})
    return Step(kind="status", status=code, headers=headers or {}, body=body.encode(), **kw)


def malformed(**kw: Any) -> Step:
    return Step(kind="malformed", body=b'{"id": "chatcmpl-x", "choices": [{"message": ', **kw)


def close(**kw: Any) -> Step:
    return Step(kind="close", **kw)


def completion(step: Step, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": step.content}
    if step.tool_calls:
        message["tool_calls"] = [
            {"id": f"call_{i}_{uuid.uuid4().hex[:8]}", "type": "function",
             "function": {"name": name, "arguments": args}}
            for i, (name, args) in enumerate(step.tool_calls)
        ]  # fmt: skip
    prompt, done = step.usage
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if step.tool_calls else "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": done,
            "total_tokens": prompt + done,
        },
    }


def chunks(step: Step, model: str, include_usage: bool) -> Iterator[dict[str, Any]]:
    """The streamed form of a completion, as OpenAI sends it."""
    whole = completion(step, model)
    base = {k: whole[k] for k in ("id", "created", "model")} | {"object": "chat.completion.chunk"}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return base | {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    yield chunk({"role": "assistant", "content": ""})
    for word in (step.content or "").split(" ") if step.content else []:
        yield chunk({"content": word + " "})
    for i, call in enumerate(whole["choices"][0]["message"].get("tool_calls", [])):
        head = {"index": i, "id": call["id"], "type": "function",
                "function": {"name": call["function"]["name"], "arguments": ""}}  # fmt: skip
        yield chunk({"tool_calls": [head]})
        args = call["function"]["arguments"]
        for start in range(0, len(args), 16):
            piece = {"index": i, "function": {"arguments": args[start : start + 16]}}
            yield chunk({"tool_calls": [piece]})
    yield chunk({}, whole["choices"][0]["finish_reason"])
    if include_usage:
        yield base | {"choices": [], "usage": whole["usage"]}


class FakeOpenAI:
    """The server's script, its recorded requests and its address."""

    def __init__(self) -> None:
        self.steps: deque[Step] = deque()
        self.default: Step | None = None  # answered when the script is empty
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.url = ""

    def script(self, *steps: Step) -> None:
        with self.lock:
            self.steps.clear()
            self.steps.extend(steps)
            self.requests.clear()

    def next_step(self) -> Step:
        with self.lock:
            if self.steps:
                return self.steps.popleft()
        return self.default or status(500, body=b"")

    def sleep(self, seconds: float) -> bool:
        """Wait, unless the server stops; False when it stopped."""
        return not self.stopping.wait(seconds) if seconds > 0 else True


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _send(
            self, code: int, body: bytes, headers: dict[str, str], ctype: str, trickle: float = 0.0
        ) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self._write(body, trickle)

        def _write(self, data: bytes, trickle: float) -> bool:
            """Write ``data``, a byte at a time ``trickle`` seconds apart if set; False once the
            server stops."""
            if not trickle:
                self.wfile.write(data)
                return True
            self.wfile.flush()
            for i in range(len(data)):
                if not fake.sleep(trickle):
                    return False
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
            return True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, b'{"error": {"message": "not found"}}', {}, "application/json")
                return
            request = json.loads(raw)
            with fake.lock:
                fake.requests.append(request)
            step = fake.next_step()
            # the client may have given up (a timeout): nothing to do then
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._answer(step, request)

        def _answer(self, step: Step, request: dict[str, Any]) -> None:
            if not fake.sleep(step.delay):
                return
            model = str(request.get("model", "fake"))
            if step.kind == "close":
                self.close_connection = True
                self.connection.close()
                return
            if step.kind == "status":
                self._send(step.status, step.body, step.headers, "application/json")
                return
            if step.kind == "malformed":
                self._send(200, step.body, step.headers, "application/json")
                return
            if not request.get("stream"):
                body = json.dumps(completion(step, model)).encode()
                self._send(200, body, step.headers, "application/json", step.trickle)
                return
            usage = bool((request.get("stream_options") or {}).get("include_usage"))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i, item in enumerate(chunks(step, model, usage)):
                if i and not fake.sleep(step.gap):
                    return
                if not self._chunk(f"data: {json.dumps(item)}\n\n".encode(), step.trickle):
                    return
            self._chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _chunk(self, data: bytes, trickle: float = 0.0) -> bool:
            framed = f"{len(data):x}\r\n".encode() + data + b"\r\n"
            if not self._write(framed, trickle):
                return False
            self.wfile.flush()
            return True

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (timed out, closed its pool) is normal here: stay quiet."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


@contextmanager
def openai_server() -> Iterator[FakeOpenAI]:
    """The fake on a free port of 127.0.0.1; ``fake.url`` is the value for OPENAI_BASE_URL."""
    fake = FakeOpenAI()
    server = _Server(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
