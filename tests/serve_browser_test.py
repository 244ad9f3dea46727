#!/usr/bin/env python3
"""newsdex-serve's search page in a real browser: headless Chromium driven by Selenium.

  serve_browser_test.py --build BUILD_DIR [--source SOURCE_DIR]

Types a query and sees highlighted results, clicks a facet and a timeline bar,
goes back, opens an article and its similar articles, pages; checks that a
hostile title runs nothing and that the page works with JavaScript off.
Exit status: 0 passed, 1 failed, 77 skipped (Chromium, chromedriver or Selenium missing).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

from serve_test_support import Failure, check, start_server

SKIP = 77

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("serve_browser_test: skipped: Selenium is not installed (apt-get install python3-selenium)")
    sys.exit(SKIP)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

HOSTILE = """Title: <img src=x onerror=alert(1)><script>window.pwned=1</script>
Source: <b onmouseover=alert(2)>Evil Wire</b>
Date: 2024-07-09

The harbour authority said the lighthouse keepers <script>window.pwned=2</script> would return.
"""


def browser(profile, javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # As root, in a closed network: no sandbox, no GPU, nothing phoning home.
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1200,900", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def query_of(driver):
    return urllib.parse.parse_qs(urllib.parse.urlparse(driver.current_url).query).get("q", [""])[0]


def hits(driver):
    return driver.find_elements(By.CSS_SELECTOR, "article.hit")


def search(driver, base, words):
    driver.get(base + "/")
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(words)
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: "q=" in d.current_url)
    check(query_of(driver) == words, f"the URL holds the query: {driver.current_url}")


def no_alert(driver):
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return
    raise Failure(f"an alert ran: {text}")


def test_search_flow(driver, base, javascript):
    # Type a query, see highlighted results.
    search(driver, base, "SCO Astana Putin")
    results = hits(driver)
    check(len(results) == 10, f"a page of 10 results, not {len(results)}")
    marks = driver.find_elements(By.CSS_SELECTOR, "article.hit .snippet mark")
    check(len(marks) >= 5, "matched words are highlighted")
    check({m.text.lower() for m in marks} & {"sco", "astana", "putin"}, "the highlights are the query's words")
    background = marks[0].value_of_css_property("background-color")
    check(background not in ("rgba(0, 0, 0, 0)", "transparent"), "the embedded stylesheet is applied")

    # Click a facet: the query narrows to it.
    facet = driver.find_element(By.CSS_SELECTOR, "aside.facets section.facet a")
    name = facet.text
    facet.click()
    WebDriverWait(driver, 10).until(lambda d: name in query_of(d))
    narrowed_query = query_of(driver)
    check(narrowed_query.endswith(f'people:"{name}"'), f"the facet narrows the query: {narrowed_query}")
    check(driver.find_element(By.ID, "q").get_attribute("value") == narrowed_query, "the box shows the narrowed query")
    narrowed = hits(driver)
    check(narrowed, "the narrowed query finds articles")
    for hit in narrowed:
        check(name in hit.find_element(By.CSS_SELECTOR, ".entities").text, f"every result names {name}")

    # Click a timeline bar: the query narrows to its month.
    bar = driver.find_element(By.CSS_SELECTOR, "figure.timeline a.bar")
    label = bar.get_attribute("aria-label")
    month = label.split(":")[0]
    check(re.fullmatch(r"\d{4}-\d{2}", month), f"a bar is a month: {label}")
    tooltip = bar.find_element(By.CSS_SELECTOR, "title").get_attribute("textContent")
    check(tooltip == label, "the bar has a <title> tooltip")
    driver.execute_script("arguments[0].scrollIntoView()", bar) if javascript else None
    bar.find_element(By.CSS_SELECTOR, "rect").click()
    WebDriverWait(driver, 10).until(lambda d: f"date:{month}" in query_of(d))
    dated = hits(driver)
    check(dated, "the month has articles")
    for hit in dated:
        check(hit.find_element(By.CSS_SELECTOR, "time").text.startswith(month), f"every result is from {month}")

    # Back: the previous search, as the URL held it.
    driver.back()
    WebDriverWait(driver, 10).until(lambda d: query_of(d) == narrowed_query)
    check(driver.find_element(By.ID, "q").get_attribute("value") == narrowed_query, "back restores the search")

    # Open an article, then one of its similar articles.
    first = hits(driver)[0].find_element(By.CSS_SELECTOR, "h2 a")
    title = first.text
    first.click()
    WebDriverWait(driver, 10).until(lambda d: "/article?" in d.current_url)
    check(driver.find_element(By.TAG_NAME, "h1").text == title, "the reading view shows the article")
    check(len(driver.find_elements(By.CSS_SELECTOR, "article.reading .body p")) >= 2, "the whole body, in paragraphs")
    similar = driver.find_elements(By.CSS_SELECTOR, "section.similar article.hit h2 a")
    check(len(similar) >= 2, "similar articles are listed")
    other = similar[0].text
    similar[0].click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == other)
    driver.find_element(By.CSS_SELECTOR, "a.all-similar").click()
    WebDriverWait(driver, 10).until(lambda d: "similar=" in d.current_url)
    check(driver.find_element(By.CSS_SELECTOR, "h1.similar-heading").text.endswith(other), "all articles like it")
    check(hits(driver), "the similar list has results")

    # Page: the next ten, and back to the first.
    search(driver, base, "said")
    page_one = [h.find_element(By.CSS_SELECTOR, "h2 a").text for h in hits(driver)]
    driver.find_element(By.CSS_SELECTOR, "nav.pages a[rel=next]").click()
    WebDriverWait(driver, 10).until(lambda d: "offset=10" in d.current_url)
    page_two = [h.find_element(By.CSS_SELECTOR, "h2 a").text for h in hits(driver)]
    check(page_two and not set(page_two) & set(page_one), "page 2 has other articles")
    check("Page 2" in driver.find_element(By.CSS_SELECTOR, "nav.pages").text, "the page says where it is")
    driver.find_element(By.CSS_SELECTOR, "nav.pages a[rel=prev]").click()
    WebDriverWait(driver, 10).until(lambda d: "offset" not in d.current_url)

    # Sort by newest: the dates go down.
    driver.find_element(By.LINK_TEXT, "newest").click()
    WebDriverWait(driver, 10).until(lambda d: "sort=newest" in d.current_url)
    dates = [h.find_element(By.CSS_SELECTOR, "time").text for h in hits(driver)]
    check(dates == sorted(dates, reverse=True), f"newest first: {dates}")

    # A misspelt word: did-you-mean is a link.
    search(driver, base, "Astna summit")
    suggestion = driver.find_element(By.CSS_SELECTOR, ".did-you-mean a")
    check(suggestion.text == "Astana summit", f"did you mean: {suggestion.text}")
    suggestion.click()
    WebDriverWait(driver, 10).until(lambda d: query_of(d) == "Astana summit")


def test_hostile_title(driver, base):
    search(driver, base, "lighthouse keepers")
    no_alert(driver)
    results = hits(driver)
    check(len(results) == 1, "the hostile article is found")
    title = results[0].find_element(By.CSS_SELECTOR, "h2 a").text
    check(title.startswith("<img src=x onerror=alert(1)><script>"), f"the title shows as text: {title}")
    check(not driver.find_elements(By.CSS_SELECTOR, "main img, main b"), "no element came from the article")
    check(driver.execute_script("return window.pwned === undefined"), "no script from the article ran")
    results[0].find_element(By.CSS_SELECTOR, "h2 a").click()
    WebDriverWait(driver, 10).until(lambda d: "/article?" in d.current_url)
    no_alert(driver)
    check(driver.find_element(By.TAG_NAME, "h1").text.startswith("<img"), "escaped in the reading view too")
    check(driver.execute_script("return window.pwned === undefined"), "no script ran in the reading view")


def test_keyboard(driver, base):
    driver.get(base + "/?q=summit")
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    check(driver.switch_to.active_element.get_attribute("id") == "q", "'/' focuses the search box (enhance.js)")
    labels = {l.get_attribute("for") for l in driver.find_elements(By.CSS_SELECTOR, "label")}
    check({"q", "sort"} <= labels, "the search box and sort have labels")
    csp_errors = [e for e in driver.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    check(not csp_errors, f"nothing the page needs is blocked by its CSP: {csp_errors}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args()
    for program in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(program):
            print(f"serve_browser_test: skipped: {program} is missing (apt-get install chromium chromium-driver)")
            return SKIP

    work = tempfile.mkdtemp(prefix="newsdex-browser-")
    server = None
    try:
        news = os.path.join(work, "news")
        os.makedirs(news)
        with open(os.path.join(news, "hostile.txt"), "w") as f:
            f.write(HOSTILE)
        db = os.path.join(work, "index")
        subprocess.run([os.path.join(args.build, "newsdex-index"), "--db", db,
                        os.path.join(args.source, "sample_corpus"), news], check=True, stdout=subprocess.DEVNULL)
        server, base = start_server(args.build, db)
        for javascript in (True, False):
            driver = browser(os.path.join(work, f"profile-{javascript}"), javascript)
            try:
                if javascript:
                    test_keyboard(driver, base)
                else:
                    driver.get(base + "/?q=summit")
                    driver.find_element(By.TAG_NAME, "body").send_keys("/")
                    check(driver.switch_to.active_element.get_attribute("id") != "q", "JavaScript is really off")
                test_search_flow(driver, base, javascript)
                test_hostile_title(driver, base)
            finally:
                driver.quit()
            print(f"serve_browser_test: ok with JavaScript {'on' if javascript else 'off'}")
        return 0
    except Failure as failure:
        print(f"serve_browser_test: FAILED: {failure}")
        if server:
            server.terminate()
            print(server.stderr.read())
        return 1
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
