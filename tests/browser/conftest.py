"""Headless Chromium (Debian's `chromium` on the PATH) driven by Playwright, against a mock on a
real loopback socket. Every request to another host is aborted, so a page that reaches for a CDN
or a web font fails its test instead of quietly working online.

Chromium missing is a failure in CI (`.ci/run` installs it) and a skip elsewhere."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import reminders_mock
from reminders_mock.background import Server

# Playwright's own browser download cannot work offline; Debian's build is what we drive.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without the background-networking flags Chromium keeps dialling Google's hosts, refused here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS = Path(__file__).resolve().parents[2] / "docs"


# Per module, not per session: sync Playwright keeps an event loop running on the main thread
# while it is started, and every asyncio test after it (the rest of the suite) would fail with
# "Runner.run() cannot be called from a running event loop".
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not on the PATH: .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not on the PATH (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def mock_server() -> Iterator[Server]:
    """A fresh mock of the default scenario on a free loopback port, for one test."""
    with reminders_mock.server() as running:
        yield running


@pytest.fixture
def page(browser, mock_server, request) -> Iterator[object]:
    """A page in a fresh browser context that may reach the mock and nothing else. `page.offsite`
    lists the requests aborted, so a test can insist there were none. Parametrized indirectly, it
    takes the context's options: `{"java_script_enabled": False}`, a phone's `viewport`."""
    options = {"viewport": {"width": 1280, "height": 900}, **getattr(request, "param", {})}
    context = browser.new_context(**options)
    mock_host = urlsplit(mock_server.url).netloc
    offsite: list[str] = []

    def only_the_mock(route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob", "about") or url.netloc == mock_host:
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_mock)
    opened = context.new_page()
    opened.offsite = offsite
    yield opened
    context.close()


def screenshot(page, name: str) -> Path:
    """Takes the picture the README shows. Written to docs/NAME.png only when asked
    (`UPDATE_SCREENSHOTS=1 pytest tests/browser`): a plain test run leaves the checkout as it was."""
    folder = DOCS if os.environ.get("UPDATE_SCREENSHOTS") else Path(tempfile.mkdtemp(prefix="screenshots-"))
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
