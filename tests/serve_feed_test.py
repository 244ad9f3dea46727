#!/usr/bin/env python3
"""newsdex-serve's Atom feeds, read by a real feed reader (Debian's python3-feedparser).

  serve_feed_test.py --build BUILD_DIR

Checks: a well-formed Atom feed, entries newest first (undated ones at the time
they entered the index), ids stable across requests and server restarts,
hostile titles escaped, people and places as categories, links to the reading
view, the search page announcing the feed, a 400 for a query with a syntax error, and
the live archive end to end: a file dropped into a folder under --watch reaches a running server's feed.
Exit status: 0 passed, 1 failed, 77 skipped (feedparser missing).
"""
import argparse
import calendar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.dom.minidom

from serve_test_support import Failure, check, start_server

SKIP = 77
try:
    import feedparser
except ImportError:
    print("serve_feed_test: skipped: feedparser is not installed (apt-get install python3-feedparser)")
    sys.exit(SKIP)

HOSTILE_TITLE = "Lighthouse <script>alert(1)</script> & \"keepers\" ]]> return"

ARTICLES = {
    "old.txt": "Title: Old lighthouse\nDate: 2019-05-01\n\nThe lighthouse was painted white.\n",
    "mid.txt": ("Title: Lighthouse summit\nDate: 2022-03-10\nPeople: Vladimir Putin\nPlaces: Astana\n\n"
                "Leaders met by the lighthouse in Astana.\n"),
    "new.txt": "Title: New lighthouse\nDate: 2024-11-20\n\nA new lighthouse opened on the coast.\n",
    "hostile.txt": "Title: " + HOSTILE_TITLE + "\nDate: 2023-01-15\n\nThe lighthouse keepers <b>returned</b>.\n",
    "undated.txt": "Title: Undated lighthouse\n\nA lighthouse story with no date at all.\n",
    "other.txt": "Title: Harvest\nDate: 2024-12-01\n\nNothing about the coast here.\n",
}


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def feed_of(base, query):
    status, content_type, body = get(base + "/feed.atom?q=" + urllib.parse.quote(query))
    check(status == 200, f"feed of {query!r}: status {status}: {body[:300]!r}")
    check(content_type.startswith("application/atom+xml"), "feed content type: " + content_type)
    feed = feedparser.parse(body)
    check(not feed.bozo, f"the feed is not well-formed: {feed.get('bozo_exception')}")
    check(feed.version == "atom10", "not recognised as Atom 1.0: " + str(feed.version))
    return feed, body


def run(build):
    with tempfile.TemporaryDirectory() as work:
        news = os.path.join(work, "news")
        os.makedirs(news)
        for name, text in ARTICLES.items():
            with open(os.path.join(news, name), "w", encoding="utf-8") as out:
                out.write(text)
        db = os.path.join(work, "index")
        before_indexing = int(time.time())
        subprocess.run([os.path.join(build, "newsdex-index"), "--db", db, "--quiet", news], check=True)
        after_indexing = int(time.time())

        server, base = start_server(build, db)
        try:
            feed, body = feed_of(base, "lighthouse")
            titles = [entry.title for entry in feed.entries]
            check(len(feed.entries) == 5, f"5 matching articles, got {titles}")
            check("Harvest" not in titles, "an article that does not match is in the feed")
            updated = [calendar.timegm(entry.updated_parsed) for entry in feed.entries]
            check(updated == sorted(updated, reverse=True), f"entries are not newest first: {titles}")
            # The undated article is dated by when it entered the index: the newest here.
            check(titles[0] == "Undated lighthouse", f"the undated article should come first: {titles}")
            check(before_indexing - 1 <= updated[0] <= after_indexing + 1, "undated entry's time is not its indexing time")
            check(titles[1:] == ["New lighthouse", HOSTILE_TITLE, "Lighthouse summit", "Old lighthouse"],
                  f"dated entries out of order or titles changed: {titles}")
            check(b"<script>" not in body, "a hostile title reached the XML unescaped")
            dated = {entry.title: entry for entry in feed.entries}
            check(dated["New lighthouse"].updated.startswith("2024-11-20"), "updated is not the article's date")
            summit = dated["Lighthouse summit"]
            terms = sorted(tag.term for tag in summit.get("tags", []))
            check(terms == ["Astana", "Vladimir Putin"], f"people and places as categories: {terms}")
            check("lighthouse" in summit.summary.lower(), "summary is not the snippet: " + summit.summary)
            reading = summit.link
            check("/article?path=" in reading, "entry link is not the reading view: " + reading)
            status, _, page = get(reading)
            check(status == 200 and b"Leaders met" in page, f"the reading view of an entry: {status}")

            ids = [entry.id for entry in feed.entries]
            check(len(set(ids)) == len(ids), "entry ids are not unique")
            again, _ = feed_of(base, "lighthouse")
            check([entry.id for entry in again.entries] == ids, "ids changed between two requests")
            narrower, _ = feed_of(base, "lighthouse AND coast")
            check({entry.id for entry in narrower.entries} <= set(ids), "one article has two ids in two feeds")

            status, content_type, message = get(base + "/feed.atom?q=" + urllib.parse.quote("(lighthouse OR coast"))
            check(status == 400, f"a syntax error gives {status}, not 400")
            check(content_type.startswith("text/plain") and b"closed" in message, f"400 message: {message!r}")
            status, _, _ = get(base + "/feed.atom?q=")
            check(status == 400, f"an empty query gives {status}, not 400")

            # Bytes that are not UTF-8, a noncharacter and controls, typed or pasted into a query: the feed
            # stays XML a strict parser takes (one bad byte makes a reader drop the whole feed), the page UTF-8.
            for raw in (b"lighthouse \xed\xa0\x80", b"lighthouse\xef\xbf\xbf", b"lighthouse \x1b\x00\x7f\xc2\x85"):
                status, _, feed_xml = get(base + "/feed.atom?q=" + urllib.parse.quote(raw))
                check(status == 200, f"feed of {raw!r}: status {status}")
                try:
                    xml_title = xml.dom.minidom.parseString(feed_xml).getElementsByTagName("title")[0].firstChild.data
                except Exception as error:  # noqa: BLE001 - any parse failure is the defect
                    raise Failure(f"the feed of {raw!r} is not well-formed XML: {error}")
                check(xml_title.startswith("newsdex: lighthouse"), f"feed title of {raw!r}: {xml_title!r}")
                status, _, page = get(base + "/?q=" + urllib.parse.quote(raw))
                try:
                    text = page.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise Failure(f"the page for {raw!r} is not UTF-8: {error}")
                check(not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]", text),
                      f"the page for {raw!r} holds control characters")

            # A syntax error quotes the query: its message is UTF-8 without controls too.
            status, _, message = get(base + "/feed.atom?q=" + urllib.parse.quote(b"title:\xff AND \x01"))
            check(status == 400, f"a query with nothing to search in title: gives {status}")
            try:
                message.decode("utf-8")
            except UnicodeDecodeError as error:
                raise Failure(f"the feed's error message is not UTF-8: {error}")
            check(b"\x01" not in message, "the feed's error message holds a control character")

            status, _, page = get(base + "/?q=lighthouse")
            html = page.decode("utf-8")
            check(re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="/feed\.atom\?q=lighthouse"', html),
                  "the search page does not announce its feed")
            check("follow this search" in html, "the search page has no visible feed link")
        finally:
            server.terminate()
            server.wait(timeout=30)

        server, base = start_server(build, db)  # another process, another port
        try:
            restarted, _ = feed_of(base, "lighthouse")
            check([entry.id for entry in restarted.entries] == ids, "ids changed across a restart")
        finally:
            server.terminate()
            server.wait(timeout=30)


def live_archive(build):
    """The workflow end to end: a file dropped into a folder under --watch shows in a running server's feed."""
    with tempfile.TemporaryDirectory() as work:
        news, db = os.path.join(work, "news"), os.path.join(work, "index")
        os.makedirs(news)
        with open(os.path.join(news, "first.txt"), "w", encoding="utf-8") as out:
            out.write("Title: First lighthouse\nDate: 2024-01-01\n\nThe first lighthouse story.\n")
        log = open(os.path.join(work, "watch.log"), "w+")
        watcher = subprocess.Popen([os.path.join(build, "newsdex-index"), "--db", db, "--watch", news],
                                   stdout=log, stderr=subprocess.STDOUT)
        server = None
        try:
            give_up = time.time() + 90
            while "walked:" not in open(log.name).read():
                check(time.time() < give_up and watcher.poll() is None, "the watcher did not start")
                time.sleep(0.05)
            server, base = start_server(build, db)
            feed, _ = feed_of(base, "lighthouse")
            check([e.title for e in feed.entries] == ["First lighthouse"], "the feed before the new article")
            with open(os.path.join(news, "scraped.txt"), "w", encoding="utf-8") as out:
                out.write("Title: Scraped lighthouse\nDate: 2024-06-01\n\nA lighthouse story just scraped.\n")
            while True:
                feed, _ = feed_of(base, "lighthouse")
                titles = [e.title for e in feed.entries]
                if titles == ["Scraped lighthouse", "First lighthouse"]:
                    break
                check(time.time() < give_up, f"the new article never reached the feed: {titles}")
                time.sleep(0.1)
        finally:
            if server:
                server.terminate()
                server.wait(timeout=30)
            watcher.terminate()
            check(watcher.wait(timeout=60) == 0, "the watcher did not exit 0 on SIGTERM")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    args = parser.parse_args()
    try:
        run(args.build)
        live_archive(args.build)
    except Failure as failure:
        print("serve_feed_test: FAILED:", failure)
        return 1
    print("serve_feed_test: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
