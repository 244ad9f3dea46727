import os
import pathlib
import shutil

import pytest

import newsdex

SOURCE_DIR = pathlib.Path(os.environ.get("NEWSDEX_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SAMPLE_CORPUS = SOURCE_DIR / "sample_corpus"


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """An index of sample_corpus/ (53 articles), built once for the tests that only read it."""
    db = tmp_path_factory.mktemp("sample") / "index"
    with newsdex.Indexer(db, threads=2) as indexer:
        report = indexer.index(SAMPLE_CORPUS)
    assert report.indexed == 53
    return db


@pytest.fixture
def searcher(sample_index):
    return newsdex.Searcher(sample_index)


@pytest.fixture
def articles(tmp_path):
    """A folder with a few sample articles, free to change."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("sco-leaders-gather-in-astana.txt", "guterres-addresses-sco-plus-astana.txt",
                 "belarus-becomes-sco-member.md"):
        shutil.copy(SAMPLE_CORPUS / "world" / name, folder / name)
    return folder
