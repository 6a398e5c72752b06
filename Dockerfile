# syntax=docker/dockerfile:1
# The assistant's serving image: only the `app` dependency group, the code the app needs
# (app/, models/, the knowledge base) and the model pinned by models/release.yaml, baked in.
#
#   Put the model folder pinned by models/release.yaml into the build context (e.g. build/model,
#   downloaded from the registry), then build. The app checks the folder against the pin's
#   digest at start and is not ready on a mismatch.
#   docker build --build-arg MODEL_DIR=build/model --build-arg MODEL_VERSION=3 \
#                --build-arg MODEL_RUN_ID=<run id> --build-arg DATA_HASH=<data.dvc md5> \
#                --build-arg GIT_SHA=$(git rev-parse HEAD) \
#                --build-arg SOURCE_URL=https://github.com/<org>/<repo> -t slipway-assistant .
#   (the values are those of models/release.yaml, as /v1/info shows them)
#
# The base image is pinned by digest: python:3.11-slim-bookworm, Python 3.11.16, as published in
# the official image's metadata (docker-library/repo-info, repos/python/remote/
# 3.11-slim-bookworm.md). Both stages name it literally, which is what Dependabot reads and bumps
# (a FROM through a build argument is not updated); Dockerfile.mlflow uses the same digest.
# Verify by hand with `docker buildx imagetools inspect python:3.11-slim-bookworm`.

FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b AS build
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /src
COPY pyproject.toml uv.lock README.md ./
# Third-party dependencies of the app group only (no pipelines, infra or dev tools).
RUN uv sync --frozen --no-default-groups --group app --no-install-project --no-editable

FROM python:3.11-slim-bookworm@sha256:0bee7276f83efd4a1ee05bbbf4281d95ed28e079220a9457f25a93e3f1e3c31b AS runtime
ARG GIT_SHA=unknown
# the repository the image is built from (release.yml: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY), so a
# template's clone never claims another repository as its source (review 168, D-L10)
ARG SOURCE_URL=""
ARG MODEL_VERSION=unknown
ARG MODEL_RUN_ID=unknown
ARG DATA_HASH=unknown
ARG MODEL_DIR=artifacts/model
ARG RANKER_DIR=artifacts/ranker
LABEL org.opencontainers.image.title="slipway-assistant" \
      org.opencontainers.image.description="The Slipway assistant (Flask + gunicorn) with its pinned intent model" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.revision="${GIT_SHA}" \
      org.opencontainers.image.version="${MODEL_VERSION}" \
      io.slipway.git-sha="${GIT_SHA}" \
      io.slipway.model-version="${MODEL_VERSION}" \
      io.slipway.model-run-id="${MODEL_RUN_ID}" \
      io.slipway.data-hash="${DATA_HASH}"
RUN groupadd --system --gid 10001 slipway \
 && useradd --system --uid 10001 --gid slipway --home-dir /srv/slipway --no-create-home \
      --shell /usr/sbin/nologin slipway \
 && mkdir -p /var/lib/slipway /srv/slipway \
 && chown slipway:slipway /var/lib/slipway
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv/slipway
COPY app/ app/
COPY models/ models/
COPY data/knowledge/ data/knowledge/
COPY ${MODEL_DIR}/ /srv/model/
COPY ${RANKER_DIR}/ /srv/ranker/
# The time reader's compiled patterns, written once here beside the app's bytecode
# (app/skills/compiled_patterns.py): a worker starts by reading them, not by compiling them (2 s
# of CPU each start), from a filesystem it cannot write.
RUN /opt/venv/bin/python -m app.skills.compiled_patterns
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SLIPWAY_MODEL_PATH=/srv/model \
    SLIPWAY_RANKER_PATH=/srv/ranker \
    SLIPWAY_RELEASE_FILE=/srv/slipway/models/release.yaml \
    SLIPWAY_KNOWLEDGE_DIR=/srv/slipway/data/knowledge \
    SLIPWAY_DATABASE_URL=sqlite:////var/lib/slipway/assistant.db \
    SLIPWAY_BIND=0.0.0.0:8000 \
    SLIPWAY_GIT_SHA=${GIT_SHA} \
    PROMETHEUS_MULTIPROC_DIR=/tmp/slipway-prometheus
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
ENTRYPOINT ["gunicorn", "-c", "app/gunicorn.conf.py"]
CMD ["app:create_app()"]
