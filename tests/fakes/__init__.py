"""Protocol-faithful fakes of services that cannot run here (real HTTP servers on 127.0.0.1).
The fake OpenAI-compatible server lives in bench/fake_openai.py: the LLM benchmark drives it too."""
