# Benchmarks and the reliability harness (included by the Makefile).

# The pipeline section times `dvc repro -f` per stage (wall and CPU seconds); beside an older
# commit with BENCH_ARGS="--only pipeline --pipeline-baseline REF".
.PHONY: bench
bench: pipeline ## Measure HTTP speed vs baselines, memory, predict, the pipeline per stage; write bench/results.json
	@$(PY) -m bench.run $(BENCH_ARGS)
	@$(PY) -m bench.retrieval
	@$(PY) -m bench.model_families --json bench/model_families.json
	@$(PY) -m bench.time_parsers
	@$(PY) -m bench.stall --json bench/stall.json

.PHONY: reliability
reliability: pipeline ## Schemathesis (≥1000 cases), SIGKILL durability, isolation, overload, SIGTERM, LLM faults
	@RELIABILITY_FULL=1 RELIABILITY_REPORT=$(CURDIR)/bench/reliability.json \
	  $(BIN)/pytest tests/reliability -p no:cacheprovider $(PYTEST_ARGS); status=$$?; \
	  $(PY) -m bench.summary || status=1; exit $$status

.PHONY: bench-readme
bench-readme: ## Copy the figures in bench/*.json into docs/measurements.md
	@$(PY) -m bench.readme
