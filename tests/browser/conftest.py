"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser) against
pytest-django's live server, and axe-core (vendored by axe-playwright-python) checks each page."""

import os
import shutil
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls the
# tests make between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        pytest.fail("Debian's chromium is missing: `make browser` installs it (apt-get).")
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def page(page):
    """pytest-playwright's page, which at the end of a test waits for the requests it still has in
    flight: the live server must not be writing while the test's database is flushed."""
    outstanding = set()
    page.on("request", lambda request: outstanding.add(request))
    page.on("requestfinished", lambda request: outstanding.discard(request))
    page.on("requestfailed", lambda request: outstanding.discard(request))
    yield page
    deadline = time.monotonic() + 10
    while outstanding and time.monotonic() < deadline and not page.is_closed():
        page.wait_for_timeout(50)


def follow(locator):
    """Click a link or a submit button and wait until the page it leads to has loaded, so
    that what runs next (axe above all) reads the new page, not the old one or none."""
    with locator.page.expect_navigation():
        locator.click()


@pytest.fixture
def axe_check():
    """Run axe-core on the page; fail with its report on any WCAG 2.1 A/AA violation."""
    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_21_AA},
                "resultTypes": ["violations"],
            },
        )
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def sign_in(live_server):
    from tests.factories import PASSWORD

    def go(page, email: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_load_state()

    return go


@pytest.fixture
def window_as(browser, sign_in):
    """A second person in the same test: a new window of `size` (width, height), signed in as
    `person`, at `url`."""

    def open_window(person, url: str, size):
        window = browser.new_page(viewport={"width": size[0], "height": size[1]})
        sign_in(window, person.email)
        window.goto(url)
        return window

    return open_window
