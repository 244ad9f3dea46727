"""The newsdex Python module, as a specification of its behaviour."""
import ast
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading

import pytest

import newsdex
from conftest import SAMPLE_CORPUS, SOURCE_DIR

ASTANA_ARTICLE = "sco-leaders-gather-in-astana.txt"


# --- indexing

def test_indexing_the_sample_corpus_finds_the_astana_article_first(searcher):
    results = searcher.search("SCO Astana Putin")
    assert results.hits[0].path.endswith(ASTANA_ARTICLE)
    assert results.hits[0].rank == 1
    assert searcher.document_count() == 53


def test_a_re_run_reports_unchanged_renamed_and_deleted_files(tmp_path, articles):
    db = tmp_path / "index"
    with newsdex.Indexer(db) as indexer:
        first = indexer.index(articles)
        assert (first.indexed, first.added, first.unchanged) == (3, 3, 0)
        (articles / ASTANA_ARTICLE).rename(articles / "moved.txt")
        (articles / "belarus-becomes-sco-member.md").unlink()
        second = indexer.index([articles])
    assert (second.indexed, second.unchanged, second.renamed, second.deleted) == (0, 1, 1, 1)
    assert newsdex.Searcher(db).search("SCO Astana Putin").hits[0].path.endswith("moved.txt")


def test_problems_with_single_files_are_in_the_report_not_raised(tmp_path, articles):
    (articles / "empty.txt").write_text("")
    (articles / "broken.json").write_text("{ not json")
    with newsdex.Indexer(tmp_path / "index") as indexer:
        report = indexer.index(str(articles))
    assert report.indexed == 3
    assert report.skipped + report.failed == 2
    problems = {pathlib.Path(event.path).name: event for event in report.problems}
    assert set(problems) == {"empty.txt", "broken.json"}
    assert all(event.reason and event.outcome in ("skipped", "failed") for event in problems.values())


def test_progress_is_called_for_every_file_on_the_calling_thread(tmp_path, articles):
    calls = []
    caller = threading.get_ident()

    def progress(event, done, total):
        calls.append((event.path, event.outcome, done, total, threading.get_ident()))

    with newsdex.Indexer(tmp_path / "index", threads=2) as indexer:
        indexer.index(articles, progress=progress)
    assert len(calls) == 3
    assert [done for _, _, done, _, _ in calls] == [1, 2, 3]
    assert all(total == 3 and outcome == "added" and thread == caller for _, outcome, _, total, thread in calls)


def test_an_exception_raised_by_progress_stops_the_run_and_the_index_stays_usable(tmp_path, articles):
    class Stop(Exception):
        pass

    def progress(event, done, total):
        if done == 2:
            raise Stop()

    db = tmp_path / "index"
    indexer = newsdex.Indexer(db)
    with pytest.raises(Stop):
        indexer.index(articles, progress=progress)
    indexer.close()
    with newsdex.Indexer(db) as indexer:
        report = indexer.index(articles)  # the next run finishes the job
    assert report.indexed + report.unchanged == 3
    assert newsdex.Searcher(db).document_count() == 3


def test_opening_a_locked_index_waits_without_holding_the_gil(tmp_path):
    # The second Indexer waits for the first's lock inside C++; only if the GIL
    # is released there can the other thread run and close the first. Run in a
    # child process, so that a held GIL fails the test instead of hanging it.
    scenario = """
import sys, threading, newsdex
db = sys.argv[1]
first = newsdex.Indexer(db)
waiting = threading.Event()
def close_first():
    waiting.wait()
    first.close()
closer = threading.Thread(target=close_first)
closer.start()
waiting.set()
second = newsdex.Indexer(db, wait_for_lock=True)
closer.join()
assert first.closed and not second.closed
print("opened")
"""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    try:
        done = subprocess.run([sys.executable, "-c", scenario, tmp_path / "index"], env=env,
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the second Indexer never opened: it waited for the lock holding the GIL")
    assert done.stdout == "opened\n", done.stderr


def test_a_locked_index_raises_newsdex_error(tmp_path):
    db = tmp_path / "index"
    with newsdex.Indexer(db):
        with pytest.raises(newsdex.Error):
            newsdex.Indexer(db)


def test_a_closed_indexer_raises_newsdex_error(tmp_path):
    indexer = newsdex.Indexer(tmp_path / "index")
    indexer.close()
    with pytest.raises(newsdex.Error, match="closed"):
        indexer.commit()


def test_added_articles_are_found_after_commit_and_reopen(tmp_path):
    db = tmp_path / "index"
    with newsdex.Indexer(db) as indexer:
        indexer.add("notes/1.txt", title="Lviv tram lines reopen", body="The trams of Lviv run again.",
                    date="2024-08-01", places=["Lviv"])
        indexer.commit()
        searcher = newsdex.Searcher(db)
        assert searcher.search("trams").hits[0].places == ["Lviv"]
        indexer.add("notes/2.txt", title="Odesa port busy", body="Grain ships leave Odesa.")
        indexer.commit()
        assert not searcher.search("grain", correct_spelling=False).hits
        searcher.reopen()
        assert searcher.search("grain").hits[0].path == "notes/2.txt"


# --- searching

def test_hits_carry_the_article_fields_and_highlights_index_the_snippet_as_a_str(searcher):
    hit = searcher.search("Guterres").hits[0]
    assert hit.title and hit.date == "2024-07-04" and hit.score > 0
    assert "António Guterres" in hit.people and "Astana" in hit.places
    # The snippet has non-ASCII text before the match: offsets are str indices, not bytes.
    assert any(ord(c) > 127 for c in hit.snippet[: hit.highlights[0][0]])
    assert [hit.snippet[b:e].lower() for b, e in hit.highlights][0] == "guterres"
    assert isinstance(hit.source, str) and isinstance(hit.author, str) and isinstance(hit.url, str)
    assert hit.duplicates == 0


def test_results_are_indexed_and_sliced_as_a_list(searcher):
    results = searcher.search("SCO", limit=6)
    paths = [hit.path for hit in results]
    assert len(paths) == 6 and results[-1].path == paths[-1]
    assert [hit.path for hit in results[:2]] == paths[:2]
    assert [hit.path for hit in results[::-2]] == paths[::-2]
    assert results[10:] == []
    with pytest.raises(IndexError):
        results[6]


def test_pages_follow_each_other_and_sorting_by_date(searcher):
    whole = [hit.path for hit in searcher.search("SCO", limit=6)]
    assert [hit.path for hit in searcher.search("SCO", limit=3, offset=3)] == whole[3:]
    newest = [hit.date for hit in searcher.search("SCO", limit=20, sort="newest")]
    assert newest == sorted(newest, reverse=True) and len(newest) > 3
    with pytest.raises(ValueError, match="relevance"):
        searcher.search("SCO", sort="latest")


def test_facets_count_people_places_and_months_over_all_matches(searcher):
    results = searcher.search("SCO", limit=1, facets=True)
    assert set(results.facets) == {"people", "place", "month"}
    assert results.facets["people"][0] == ("Vladimir Putin", results.facets["people"][0][1])
    assert ("2024-07", 10) in results.facets["month"]
    assert searcher.search("SCO").facets == {}


def test_near_identical_copies_are_folded_unless_collapse_is_false(tmp_path, articles):
    shutil.copy(articles / ASTANA_ARTICLE, articles / "copy-of-astana.txt")
    db = tmp_path / "index"
    with newsdex.Indexer(db) as indexer:
        indexer.index(articles)
    searcher = newsdex.Searcher(db)
    folded = searcher.search("Astana Putin")
    assert len(folded) == 3 and max(hit.duplicates for hit in folded) == 1
    assert len(searcher.search("Astana Putin", collapse=False)) == 4


def test_a_misspelt_query_is_corrected(searcher):
    results = searcher.search("Astna")
    assert results.corrected_query == "Astana" and results.correction_applied and results.hits


def test_similar_articles_leave_the_article_itself_out(searcher):
    path = searcher.search("SCO Astana Putin").hits[0].path
    similar = searcher.similar(path, limit=5)
    assert len(similar) == 5 and path not in [hit.path for hit in similar]
    with pytest.raises(newsdex.Error):
        searcher.similar("no/such/article.txt")
    for empty in ("", pathlib.Path("")):  # not a plain search of `query`, nor an empty answer
        with pytest.raises(newsdex.Error):
            searcher.similar(empty, query="summit")


def test_a_malformed_query_raises_query_syntax_error_a_newsdex_error_and_a_value_error(searcher):
    for query in ("putin AND", 'title:"unclosed', "(putin OR xi", "title:", "date:yesterday"):
        with pytest.raises(newsdex.QuerySyntaxError) as raised:
            searcher.search(query)
        assert isinstance(raised.value, newsdex.Error) and isinstance(raised.value, ValueError)
        assert str(raised.value)


def test_a_missing_index_raises_newsdex_error(tmp_path):
    with pytest.raises(newsdex.Error) as raised:
        newsdex.Searcher(tmp_path / "nothing-here")
    assert not isinstance(raised.value, newsdex.QuerySyntaxError)


def test_one_searcher_shared_by_threads_gives_each_the_same_results(searcher):
    expected = [hit.path for hit in searcher.search("Putin Xi", limit=20)]
    outcomes = []

    def search_many():
        outcomes.extend([hit.path for hit in searcher.search("Putin Xi", limit=20)] for _ in range(20))

    threads = [threading.Thread(target=search_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 80 and all(paths == expected for paths in outcomes)


# --- dry runs

def test_dry_run_of_a_file_gives_the_fields_of_newsdex_index_dry_run_json(sample_index):
    path = SAMPLE_CORPUS / "world" / ASTANA_ARTICLE
    fields = newsdex.dry_run(path)
    tool = SOURCE_DIR / "build" / "newsdex-index"
    tool = pathlib.Path(os.environ.get("NEWSDEX_INDEX_TOOL", tool))
    if tool.exists():
        printed = json.loads(subprocess.run([tool, "--dry-run", "--json", path], check=True,
                                            capture_output=True, text=True).stdout)
        assert {key: fields[key] for key in printed} == printed
    assert newsdex.dry_run(str(path)) == fields
    assert fields["date"] == "2024-07-04" and "Vladimir Putin" in fields["people"] and fields["body"]


def test_dry_run_of_text_gives_the_fields_and_the_mentions_as_str_spans():
    text = "Title: Talks in Astana\n\nASTANA, 4 July 2024 (Reuters) - Russian President Vladimir Putin met Mr Xi."
    fields = newsdex.dry_run(text)
    assert fields["title"] == "Talks in Astana" and fields["date"] == "2024-07-04"
    assert "Vladimir Putin" in fields["people"] and "Astana" in fields["places"]
    spans = {(text[span["start"]:span["end"]], span["type"], span["name"]) for span in fields["spans"]}
    assert ("Vladimir Putin", "PER", "Vladimir Putin") in spans and ("ASTANA", "LOC", "Astana") in spans


def test_dry_run_of_a_misspelt_path_is_an_error_not_an_article_titled_with_the_path(tmp_path):
    for missing in (str(tmp_path / "no-such-article.txt"), "sample_corpus/world/typo.HTML", str(tmp_path / "x.jsonl")):
        with pytest.raises(newsdex.Error):
            newsdex.dry_run(missing)
    # A line of text that is not a path is still read as an article.
    assert newsdex.dry_run("Markets fell in Tokyo on Monday")["title"] == "Markets fell in Tokyo on Monday"


def test_dry_run_of_a_fifo_or_a_folder_is_an_error_at_once(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    # With no writer, opening the FIFO to read it would wait forever; the answer must come at once.
    for call in (lambda: newsdex.dry_run(fifo), lambda: newsdex.dry_run(str(fifo)), lambda: newsdex.read_articles(fifo)):
        raised = []

        def attempt(call=call):
            try:
                call()
            except newsdex.Error as error:
                raised.append(str(error))

        waiting = threading.Thread(target=attempt, daemon=True)  # left blocked, if it blocks, when the test fails
        waiting.start()
        waiting.join(timeout=20)
        assert not waiting.is_alive(), "reading a FIFO waits for a writer"
        assert raised and "not a regular file (a FIFO)" in raised[0]
    import socket
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "socket.txt"))
        with pytest.raises(newsdex.Error, match="not a regular file \\(a socket\\)"):
            newsdex.dry_run(tmp_path / "socket.txt")
    folder = tmp_path / "stories"
    folder.mkdir()
    with pytest.raises(newsdex.Error, match="stories: not a supported article format"):  # not an article titled 'stories'
        newsdex.dry_run(str(folder))
    (tmp_path / "named.txt").mkdir()
    with pytest.raises(newsdex.Error, match="not a regular file \\(a folder\\)"):
        newsdex.dry_run(str(tmp_path / "named.txt"))


def test_read_articles_lists_every_article_of_an_export_and_dry_run_asks_for_it(tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text('{"id": "a", "title": "Port reopens", "body": "Ships leave Odesa."}\n'
                      '{"id": "b", "title": "Trams return", "body": "Lviv trams run."}\n')
    assert [article["title"] for article in newsdex.read_articles(export)] == ["Port reopens", "Trams return"]
    with pytest.raises(newsdex.Error, match="read_articles"):
        newsdex.dry_run(export)
    with pytest.raises(newsdex.Error):
        newsdex.read_articles(tmp_path / "missing.txt")


# --- the module itself

def test_help_describes_the_module_and_every_public_name_has_a_docstring():
    import pydoc
    text = pydoc.render_doc(newsdex, renderer=pydoc.plaintext)
    for phrase in ("Full-text search", "class Indexer", "class Searcher", "dry_run(", "QuerySyntaxError"):
        assert phrase in text
    for name in dir(newsdex):
        if not name.startswith("_"):
            assert getattr(newsdex, name).__doc__, name


def test_the_type_stubs_name_exactly_the_module_public_names():
    stubs = ast.parse((SOURCE_DIR / "python" / "newsdex.pyi").read_text())
    stubbed = {node.name for node in stubs.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    public = {name for name in dir(newsdex) if not name.startswith("_")}
    assert stubbed == public
    for node in stubs.body:
        if isinstance(node, ast.ClassDef) and not issubclass(getattr(newsdex, node.name), BaseException):
            members = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
            actual = {name for name in dir(getattr(newsdex, node.name)) if not name.startswith("_")}
            assert members - {"__init__", "__enter__", "__exit__", "__len__", "__iter__", "__getitem__"} == actual, node.name


def test_the_example_prints_matches_per_month_and_the_people_named_with_them(sample_index):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    output = subprocess.run([sys.executable, SOURCE_DIR / "examples" / "news_trends.py", "--db", sample_index, "SCO"],
                            check=True, capture_output=True, text=True, env=env).stdout
    assert "per month" in output and "  2024-07     10" in output
    assert "Vladimir Putin" in output.split("people most often named with it:")[1]
