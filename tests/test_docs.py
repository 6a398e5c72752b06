"""The docs site builds with ``mkdocs build --strict`` (a broken link or anchor, a page missing
from the nav or a settings hook error fails), offline, and says what the README promises; every
``slipway`` command the README and the guides name exists, with the options they show."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_settings_documented import documented_names

ROOT = Path(__file__).resolve().parent.parent
SPAN = re.compile(r"`(?:\.venv/bin/)?slipway ([^`]+)`")
FENCED_LINE = re.compile(r"^(?:\.venv/bin/)?slipway (.+?)(?:\s+#.*)?$", re.M)
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.M | re.S)
WORD = re.compile(r"[a-z][a-z0-9-]*(?:\|[a-z][a-z0-9-]*)*")
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
    # in-page anchors, slugged as GitHub does: lower case, punctuation dropped, spaces to hyphens
    headings = re.findall(r"^#+ (.+)$", FENCE.sub("", readme), re.M)
    slugs = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    for anchor in re.findall(r"\]\(#([^)]+)\)", readme):
        assert anchor in slugs, f"README link #{anchor} names no heading"


def test_measurements_carry_the_bench_block() -> None:
    text = (ROOT / "docs" / "measurements.md").read_text()
    assert text.count("<!-- bench:begin -->") == 1
    assert text.count("<!-- bench:end -->") == 1


def documented_calls() -> set[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...]]]:
    """(page, command words with their ``a|b`` alternatives, options) of every ``slipway ...``
    in a code span or a fenced command line of the README and the guides."""
    calls = set()
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text()
        found = [" ".join(span.split()) for span in SPAN.findall(FENCE.sub("", text))]
        for block in FENCE.findall(text):
            found += FENCED_LINE.findall(block)
        for call in found:
            call = call.replace("\\|", "|")
            words: list[tuple[str, ...]] = []
            for token in call.split():
                if not WORD.fullmatch(token):
                    break
                words.append(tuple(token.split("|")))
            options = tuple(sorted(set(re.findall(r"(--[a-z][a-z-]*)", call))))
            if words:
                calls.add((path.name, tuple(words), options))
    return calls


@pytest.mark.slow  # runs every documented command
def test_every_documented_command_exists() -> None:
    from typer.testing import CliRunner

    from pipelines.cli import app

    calls = documented_calls()
    assert {words[0] for _, words, _ in calls} >= {("promote",), ("deploy",), ("infra",)}
    runner = CliRunner()
    problems = []
    for page, words, options in sorted(calls):
        helps = []
        for command in itertools.product(*words):
            done = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
            if done.exit_code != 0:
                problems.append(f"{page}: slipway {' '.join(command)}: no such command")
            helps.append(done.output)
        problems += [
            f"{page}: slipway {' '.join('|'.join(w) for w in words)}: no option {option}"
            for option in options
            if not any(option in help_text for help_text in helps)
        ]
    assert not problems, problems
