"""The pages a diplomat reads, driven in a real browser (Debian's Chromium through Playwright) on the real data.

Screenshots at desktop and phone width go to build/screenshots/. Without a browser the tests are
skipped on a workstation and fail under CI (CI=true), where .ci/run installs one.
"""

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

playwright = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

SCREENSHOTS = REPO / "build" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# The flags keep Chromium from reaching for Google's hosts, which this sandbox refuses.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]
PAGES = {  # one of each kind of page
    "home": "/",
    "search": "/search?q=cyber",
    "matrix": "/matrix?area=sovereignty",
    "profile": "/profile?group=NATO&proposition=sovereignty-is-a-rule",
    "state": "/id/state/EE",
    "group": "/id/group/NATO",
    "proposition": "/id/proposition/sovereignty-is-a-rule",
    "document": "/id/document/2022-PL-position-international-law-cyberspace",
    "incident": "/id/incident/2022-viasat",
    "compare": "/compare?actors=FR,GB,CN",
    "sparql": "/sparql",
}


def chromium_path() -> str | None:
    return os.environ.get("CYBERNORMS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "No Chromium found (apt-get install chromium, or set CYBERNORMS_CHROMIUM)."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request it makes; the test fails if one leaves the service's host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    opened = context.new_page()
    requested = []
    opened.on("request", lambda request: requested.append(request.url))
    yield opened
    context.close()
    elsewhere = [url for url in requested if not url.startswith((server, "data:", "blob:", "about:"))]
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"


def test_search_from_the_home_page_leads_to_a_state(page):
    page.goto("/")
    page.fill("#home-search", "Estonia")
    page.press("#home-search", "Enter")
    page.get_by_role("link", name="Estonia", exact=True).click()
    assert page.url.endswith("/id/state/EE")
    assert page.locator("h1").inner_text().startswith("Estonia")
    assert page.locator("table caption", has_text="Groups over time").count() == 1


def test_the_search_box_is_reached_and_used_with_the_keyboard_alone(page):
    page.goto("/matrix")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type("FR")
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/state/FR")


def test_from_the_matrix_a_cell_leads_to_a_members_document(page):
    page.goto("/matrix?area=sovereignty")
    row = page.locator("tbody tr", has=page.locator("th a", has_text="NATO"))
    row.locator("td a").first.click()
    assert "/profile?group=NATO" in page.url
    assert page.locator("h1").inner_text().startswith("North Atlantic Treaty Organization on ")
    page.locator("tbody td a[href^='/id/document/']").first.click()
    assert "/id/document/" in page.url
    assert page.locator("h2", has_text="Stances drawn from it").count() == 1
    assert page.locator("tbody tr").count() >= 1


def test_the_map_draws_one_shape_per_country_coloured_by_stance(page):
    page.goto("/id/proposition/sovereignty-is-a-rule")
    shapes = page.locator("svg.world-map path.country")
    codes = shapes.evaluate_all("paths => paths.map(p => p.dataset.code)")
    assert len(codes) > 200 and len(codes) == len(set(codes))
    # France's and the United Kingdom's published positions: for and against sovereignty as a rule.
    assert "endorses" in page.locator("path[data-code=FR]").get_attribute("class")
    assert "rejects" in page.locator("path[data-code=GB]").get_attribute("class")
    assert page.locator("path[data-code=FR] title").text_content() == "France: endorses"
    drawn = page.locator("svg.world-map").bounding_box()
    assert drawn["width"] > 600 and drawn["height"] > 250


def test_compare_shows_each_pairs_score_and_puts_differences_first(page):
    page.goto("/compare?actors=FR,GB,CN")
    pairs = page.locator("table.pairs tbody tr")
    assert pairs.count() == 3
    for score in pairs.locator("td.score").all_inner_texts():
        assert score == "—" or 0 <= float(score) <= 1
    flagged = page.locator("table.compare tbody tr").evaluate_all("rows => rows.map(r => r.classList.contains('differ'))")
    assert flagged[0] and flagged == sorted(flagged, reverse=True)


def test_the_sparql_editor_runs_a_canned_query_and_shows_rows(page):
    page.goto("/sparql")
    page.get_by_role("button", name="stances", exact=True).click()
    page.wait_for_selector(".yasr table tbody tr", timeout=30_000)
    assert page.locator(".yasr table tbody tr").count() > 10
    assert "holder_code" in page.locator(".yasr table thead").inner_text()


@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_is_accessible_fits_a_phone_and_is_photographed(page, kind):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(PAGES[kind])
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{kind} scrolls sideways at {width} px"
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-{width_name}.png"))
    violations = Axe().run(page).response["violations"]
    grave = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations if v["impact"] in ("serious", "critical")]
    assert grave == []
    assert "CC BY 4.0" in page.locator("footer").inner_text()
    assert Path(SCREENSHOTS / f"{kind}-phone.png").stat().st_size > 1000


def test_a_page_prints_without_its_navigation_and_controls(page):
    page.goto("/matrix?area=attribution")
    page.emulate_media(media="print")
    for hidden in ("header.site nav", "form.search", "form.filters"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("main table").is_visible() and page.locator("footer cite").is_visible()
    assert len(page.pdf(format="A4", landscape=True)) > 10_000
