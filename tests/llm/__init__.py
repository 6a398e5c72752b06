"""The LLM path against a fake OpenAI-compatible server (no network)."""
