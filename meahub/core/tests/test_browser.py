"""The site as a person uses it: Debian's Chromium driven by Playwright against a live server.

Never downloads a browser: the tests use /usr/bin/chromium and skip when it is absent.
"""

from meahub.tests import factories as f
from meahub.tests.browser import browser_tests, sign_in

pytestmark = browser_tests


def test_visitor_goes_from_home_to_the_mou_to_uzbekistan(page, bukhara, tmp_path):
    page.goto("/")
    page.screenshot(path=tmp_path / "home.png", full_page=True)

    page.get_by_role("link", name="BKD", exact=True).click()
    page.get_by_role("heading", level=1).filter(has_text="Bukhara Deer MOU").wait_for()
    page.screenshot(path=tmp_path / "bkd.png", full_page=True)
    page.locator("#members").get_by_role("link", name="Uzbekistan").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Uzbekistan"
    assert page.url.endswith("/countries/UZ/")


def test_the_members_map_is_drawn_with_a_title_per_country(page, bukhara):
    page.goto("/instruments/BKD/")

    world = page.locator("svg.world-map:not(.world-map--focus)")
    titles = world.locator("path.role-signatory title").all_text_contents()

    assert sorted(titles) == [
        "Kazakhstan — Signatory",
        "Tajikistan — Signatory",
        "Turkmenistan — Signatory",
        "Uzbekistan — Signatory",
    ]


def test_signed_in_focal_point_sees_contact_details(page, bukhara, nfp_uzbekistan):
    sign_in(page, "nfp-uz")

    page.goto("/instruments/BKD/")

    assert page.locator("#focal-points").get_by_role("link", name=nfp_uzbekistan.email).count() == 1
    assert "National focal point" in page.locator(".account").inner_text()


def test_signed_out_contact_details_are_hidden(page, bukhara, nfp_uzbekistan):
    sign_in(page, "nfp-uz")
    page.locator(".account").get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")

    page.goto("/instruments/BKD/")

    assert nfp_uzbekistan.email not in page.content()
    assert page.get_by_text("Sign in to see e-mail addresses").is_visible()


def test_secretariat_edits_the_instrument_and_the_change_shows_in_history(
    page, bukhara, secretariat_officer
):
    sign_in(page, "officer")
    page.goto("/instruments/BKD/")

    page.get_by_role("link", name="Edit details").click()
    page.get_by_label("Short name").fill("Bukhara Deer Memorandum")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/instruments/BKD/")

    history = page.locator("#history")
    assert "Short name: Bukhara Deer MOU → Bukhara Deer Memorandum" in history.inner_text()
    assert "by officer" in history.inner_text()


def test_invalid_edit_shows_the_error_in_place(page, bukhara, secretariat_officer):
    sign_in(page, "officer")
    page.goto("/instruments/BKD/edit/")

    page.get_by_label("In effect since").fill("2001-01-01")
    page.get_by_role("button", name="Save").click()

    error = page.get_by_text("It cannot come into effect before it was concluded.")
    error.wait_for()
    assert page.url.endswith("/instruments/BKD/edit/")
    assert page.get_by_label("In effect since").get_attribute("aria-invalid") == "true"


def test_live_search_shows_results_while_typing(page, bukhara):
    page.goto("/")

    page.get_by_label("Search names of instruments").press_sequentially("Uzbek", delay=50)

    result = page.locator("#search-results").get_by_role("link", name="Uzbekistan")
    result.wait_for()
    assert page.url.rstrip("/") == page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]


def test_the_population_chart_is_drawn(page, bukhara):
    f.make_estimate(species=bukhara.deer, year=2002, value=350)
    f.make_estimate(species=bukhara.deer, year=2020, value=None, minimum=3000, maximum=4000)

    page.goto("/species/cervus-elaphus-bactrianus/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")

    datasets = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas')).data.datasets.map(d => d.type)"
    )
    assert datasets == ["line", "bar"]


def test_the_language_switcher_shows_the_page_in_french(page, bukhara):
    page.goto("/instruments/BKD/")

    page.get_by_role("button", name="Français").click()

    page.get_by_role("heading", name="Membres").wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
