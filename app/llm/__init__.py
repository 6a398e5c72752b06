"""The LLM path: OpenAI Chat Completions (or any OpenAI-compatible endpoint) with the skills as
tools, behind a retry loop, a per-request deadline and a circuit breaker. Whatever fails, the
local path answers (``path: fallback``); without ``OPENAI_API_KEY`` none of this runs."""

from __future__ import annotations

from app.llm.client import Completion, Delta, LLMClient, LLMFailure, Reset
from app.llm.responder import LLM, build_llm

__all__ = ["LLM", "Completion", "Delta", "LLMClient", "LLMFailure", "Reset", "build_llm"]
