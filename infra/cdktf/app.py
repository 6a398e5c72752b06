"""Synthesize environments to Terraform JSON and compare them with the committed terraform/."""

from __future__ import annotations

import filecmp
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from infra.errors import DriftError
from infra.platform import build_platform
from infra.platform.model import TERRAFORM_REQUIRED_VERSION
from infra.settings import InfraSettings
from infra.spec import check_accounts, load_spec

# Written into terraform/<env>/; everything else CDKTF produces (manifest, cdktf.json) is not.
STACK_FILE = "cdk.tf.json"
# The Terraform versions the stack accepts, in a `terraform` block of its own: Terraform merges
# it with the JSON's, and checkov's JSON parser cannot read a `required_version` there.
VERSIONS_FILE = "versions.tf"
VERSIONS = f"""# Written by `slipway infra synth` from the platform model (infra/platform/model.py).
terraform {{
  required_version = "{TERRAFORM_REQUIRED_VERSION}"
}}
"""
FILES = (STACK_FILE, VERSIONS_FILE)

# Node 20 is past end of life for jsii; the notice is noise in `slipway infra synth`.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,19,20,21")


def render(envs: Iterable[str], settings: InfraSettings) -> dict[str, str]:
    """The Terraform JSON of each environment, as text, keyed by env (one CDKTF app for all)."""
    specs = [load_spec(env, settings) for env in envs]  # fail fast, before the slow imports
    check_accounts(specs)

    from cdktf import App

    from infra.cdktf.stack import PlatformStack

    with tempfile.TemporaryDirectory(prefix="slipway-cdktf-") as tmp:
        app = App(outdir=tmp, skip_validation=False)
        for spec in specs:
            platform = build_platform(spec, settings)
            PlatformStack(app, platform, settings.backend_for(spec.name, spec.region))
        app.synth()
        rendered = {}
        for spec in specs:
            raw = json.loads((Path(tmp) / "stacks" / spec.name / STACK_FILE).read_text())
            rendered[spec.name] = json.dumps(raw, indent=2, sort_keys=True) + "\n"
    return rendered


def write(rendered: dict[str, str], out_dir: Path) -> list[Path]:
    """Write terraform/<env>/cdk.tf.json for each environment; returns the files written."""
    written = []
    for env, text in rendered.items():
        folder = out_dir / env
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / STACK_FILE
        path.write_text(text, encoding="utf-8")
        (folder / VERSIONS_FILE).write_text(VERSIONS, encoding="utf-8")
        written += [path, folder / VERSIONS_FILE]
    return written


def drift(rendered: dict[str, str], out_dir: Path) -> list[str]:
    """Files under out_dir that differ from (or are missing versus) the rendering."""
    with tempfile.TemporaryDirectory(prefix="slipway-drift-") as tmp:
        fresh = Path(tmp)
        write(rendered, fresh)
        differing = []
        for env in sorted(rendered):
            for name in FILES:
                committed = out_dir / env / name
                if not committed.is_file() or not filecmp.cmp(
                    committed, fresh / env / name, shallow=False
                ):
                    differing.append(str(committed))
        return differing


def synth(
    envs: Iterable[str], settings: InfraSettings, out_dir: Path, check: bool = False
) -> list[Path]:
    """Render envs; with check, raise DriftError instead of writing when out_dir differs."""
    rendered = render(envs, settings)
    if check:
        differing = drift(rendered, out_dir)
        if differing:
            raise DriftError(differing)
        return [out_dir / env / name for env in rendered for name in FILES]
    return write(rendered, out_dir)
