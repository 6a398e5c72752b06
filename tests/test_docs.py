"""The docs site builds with ``mkdocs build --strict`` (a broken link or anchor, a page missing
from the nav or a settings hook error fails), offline, and says what the README promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_settings_documented import documented_names

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "assistant",
    "commands",
    "data-science",
    "platform",
    "ci-release",
    "llm",
    "settings",
    "measurements",
    "architecture",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_every_role_has_a_page(site: Path) -> None:
    for page in PAGES:
        assert (site / page / "index.html").is_file(), page
    assert not (site / "hooks").exists(), "the build hooks are not pages"


def test_the_site_loads_nothing_from_the_network(site: Path) -> None:
    """No web font, script or stylesheet from a CDN: the site works offline."""
    for html in site.rglob("*.html"):
        text = html.read_text()
        remote = re.findall(r"<(?:link|script|img)[^>]+(?:href|src)=\"(https?://[^\"]+)", text)
        assert not remote, f"{html.relative_to(site)} loads {remote}"


def test_the_settings_page_shows_every_variable(site: Path) -> None:
    page = (site / "settings" / "index.html").read_text()
    for name in documented_names():
        assert f"<code>{name}</code>" in page, name


def test_the_readme_links_to_pages_that_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert links, "the README points to no guide"
    for link in links:
        assert (ROOT / link).is_file(), link
    assert len(readme.splitlines()) <= 250, "the README is for a two-minute read"


def test_measurements_carry_the_bench_block() -> None:
    text = (ROOT / "docs" / "measurements.md").read_text()
    assert text.count("<!-- bench:begin -->") == 1
    assert text.count("<!-- bench:end -->") == 1
