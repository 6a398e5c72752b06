# Infrastructure targets; the main Makefile includes this file.
#   make infra-synth     render infra/environments/*.yaml to terraform/<env>/cdk.tf.json
#   make infra-check     fail when terraform/ is out of date with infra/ (CI runs it)
#   make checkov         scan terraform/ with checkov (0 failed checks; skips: infra/checkov.yaml)
#   make infra-bytecode  precompile the CDKTF bindings (see below); the targets above use it
#   make k8s-checkov     render every env's Kubernetes objects and scan them (infra/k8s/checkov.yaml)

PY ?= .venv/bin/python
CHECKOV_VENV ?= .venv-checkov
CDKTF_PACKAGES := cdktf cdktf_cdktf_provider_aws cdktf_cdktf_provider_kubernetes cdktf_cdktf_provider_helm

.PHONY: infra-synth infra-check infra-bytecode checkov k8s-checkov

# The AWS bindings import all of their ~2,200 modules at once; uv installs no bytecode, and a
# process outside make may not write it (PYTHONDONTWRITEBYTECODE), which costs ~1.5 min per run
# instead of ~20 s: compiled here on every core. compileall skips what is already compiled.
infra-bytecode:
	$(PY) -m compileall -q -j 0 $$($(PY) -c "import importlib.util as u, os; \
	print(' '.join(os.path.dirname(u.find_spec(m).origin) for m in '$(CDKTF_PACKAGES)'.split()))") \
	> /dev/null

infra-synth: infra-bytecode
	$(PY) -m pipelines.cli infra synth

infra-check: infra-bytecode
	$(PY) -m pipelines.cli infra synth --check

# checkov pins versions that conflict with the kubernetes client of the main venv: own venv.
$(CHECKOV_VENV)/bin/checkov:
	$(UV) venv -q $(CHECKOV_VENV) && $(UV) pip install -q --python $(CHECKOV_VENV) "checkov==3.3.30"

checkov: $(CHECKOV_VENV)/bin/checkov
	$(CHECKOV_VENV)/bin/checkov --config-file infra/checkov.yaml --skip-download -d terraform

k8s-checkov: $(CHECKOV_VENV)/bin/checkov
	for env in dev staging prod; do $(PY) -m pipelines.cli k8s render --env $$env --out .slipway/k8s; done
	$(CHECKOV_VENV)/bin/checkov --config-file infra/k8s/checkov.yaml -d .slipway/k8s
