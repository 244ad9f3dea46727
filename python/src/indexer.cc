// newsdex.Indexer: building and updating an index (include/newsdex/index.h).
#include "bindings.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <memory>
#include <mutex>
#include <optional>

namespace newsdex::python {

namespace {

const char* outcome_name(FileOutcome outcome) {
    switch (outcome) {
        case FileOutcome::Added: return "added";
        case FileOutcome::Modified: return "modified";
        case FileOutcome::Renamed: return "renamed";
        case FileOutcome::Unchanged: return "unchanged";
        case FileOutcome::Deleted: return "deleted";
        case FileOutcome::Skipped: return "skipped";
        case FileOutcome::Failed: return "failed";
    }
    return "unknown";
}

// The C++ Indexer behind a lock: it is not thread-safe, and its calls run
// with the GIL released, so two Python threads could otherwise enter it at once.
class PythonIndexer {
public:
    PythonIndexer(std::string db_path, IndexOptions options) : db_path_(std::move(db_path)) {
        py::gil_scoped_release release;  // opening may wait for another writer (wait_for_lock)
        indexer_ = std::make_unique<Indexer>(db_path_, std::move(options));
    }

    IndexReport index(const py::object& paths, const py::object& progress) {
        const std::vector<std::string> list = path_list(paths);
        // The library calls back on the thread that called index_paths, which is
        // this one: take the GIL back for Python's sake, let Ctrl-C through, and
        // let an exception raised by `progress` stop the run (committed work is kept).
        ProgressCallback callback = [&progress](const FileEvent& event, std::size_t done, std::size_t total) {
            py::gil_scoped_acquire gil;
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (!progress.is_none()) progress(event, done, total);
        };
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(mutex_);
        return open().index_paths(list, callback);
    }

    void add(const Article& article) {
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(mutex_);
        open().add(article);
    }

    void commit() {
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(mutex_);
        open().commit();
    }

    std::size_t document_count() {
        py::gil_scoped_release release;  // never wait for the lock holding the GIL: index() needs it for progress
        std::lock_guard<std::mutex> lock(mutex_);
        return open().document_count();
    }

    void close() {
        py::gil_scoped_release release;
        std::lock_guard<std::mutex> lock(mutex_);
        if (!indexer_) return;
        indexer_->commit();  // errors surface here; the destructor would swallow them
        indexer_.reset();
    }

    const std::string& db_path() const { return db_path_; }
    bool closed() const { return !indexer_; }

private:
    Indexer& open() {
        if (!indexer_) throw Error("the Indexer of " + db_path_ + " is closed; open a new newsdex.Indexer");
        return *indexer_;
    }

    std::string db_path_;
    std::mutex mutex_;
    std::unique_ptr<Indexer> indexer_;
};

std::string optional_string(const std::optional<std::string>& value) { return value.value_or(std::string()); }

std::string optional_path(const py::object& path) { return path.is_none() ? std::string() : path_string(path); }

}  // namespace

void bind_indexer(py::module_& module) {
    py::class_<FileEvent>(module, "FileEvent",
                          "What happened to one file in Indexer.index(): passed to the progress callback\n"
                          "and listed in IndexReport.problems.")
        .def_readonly("path", &FileEvent::path, "The file, as found under the paths given.")
        .def_property_readonly(
            "outcome", [](const FileEvent& event) { return outcome_name(event.outcome); },
            "One of 'added', 'modified', 'renamed', 'unchanged', 'deleted', 'skipped', 'failed'.")
        .def_readonly("reason", &FileEvent::reason,
                      "Why it was skipped or failed, or what was repaired; empty otherwise.")
        .def("__repr__", [](const FileEvent& event) {
            return "<FileEvent " + std::string(outcome_name(event.outcome)) + " " + event.path +
                   (event.reason.empty() ? "" : ": " + event.reason) + ">";
        });

    py::class_<IndexReport>(module, "IndexReport", "The summary of one Indexer.index() run.")
        .def_readonly("indexed", &IndexReport::indexed, "Articles written (from added and modified files).")
        .def_readonly("added", &IndexReport::added, "Files new to the index.")
        .def_readonly("modified", &IndexReport::modified, "Files changed since they were indexed.")
        .def_readonly("renamed", &IndexReport::renamed, "Files moved or renamed, content unchanged (not parsed again).")
        .def_readonly("unchanged", &IndexReport::unchanged, "Files already indexed in their current state.")
        .def_readonly("deleted", &IndexReport::deleted, "Files gone from the folders indexed, whose articles were removed.")
        .def_readonly("skipped", &IndexReport::skipped, "Files that are not articles (unsupported, empty, binary, too large).")
        .def_readonly("failed", &IndexReport::failed, "Files that could not be read or parsed.")
        .def_readonly("problems", &IndexReport::notices,
                      "A FileEvent for every skipped or failed file and every repaired one, in order.")
        .def_readonly("compacted", &IndexReport::compacted, "Whether the index was compacted at the end of the run.")
        .def("__repr__", [](const IndexReport& r) {
            return "<IndexReport indexed=" + std::to_string(r.indexed) + " unchanged=" + std::to_string(r.unchanged) +
                   " renamed=" + std::to_string(r.renamed) + " deleted=" + std::to_string(r.deleted) +
                   " skipped=" + std::to_string(r.skipped) + " failed=" + std::to_string(r.failed) +
                   " problems=" + std::to_string(r.notices.size()) + ">";
        });

    py::class_<PythonIndexer>(module, "Indexer",
                              "Writes articles into one index, creating it if missing.\n"
                              "\n"
                              "Holds the index's write lock until close() (or the end of a `with` block);\n"
                              "searchers may read the index meanwhile. Use it from one thread at a time.")
        .def(py::init([](const py::object& db, std::optional<unsigned> threads, std::optional<std::string> language,
                         bool extract_fields, std::size_t max_file_size, std::size_t batch_size, bool delete_missing,
                         bool wait_for_lock, std::size_t shards, const py::object& boilerplate_rules,
                         std::optional<std::string> field_overrides, bool compact, const py::object& synonyms) {
                 IndexOptions options;
                 options.threads = threads.value_or(0);
                 options.language = optional_string(language);
                 options.extract_fields = extract_fields;
                 options.max_file_size = max_file_size;
                 options.batch_size = batch_size;
                 options.delete_missing = delete_missing;
                 options.wait_for_lock = wait_for_lock;
                 options.shards = shards;
                 options.boilerplate_rules_file = optional_path(boilerplate_rules);
                 options.field_overrides = optional_string(field_overrides);
                 options.compact = compact;
                 options.synonyms_file = optional_path(synonyms);
                 return std::make_unique<PythonIndexer>(path_string(db), std::move(options));
             }),
             py::arg("db"), py::kw_only(), py::arg("threads") = py::none(), py::arg("language") = py::none(),
             py::arg("extract_fields") = true, py::arg("max_file_size") = IndexOptions{}.max_file_size,
             py::arg("batch_size") = IndexOptions{}.batch_size, py::arg("delete_missing") = true,
             py::arg("wait_for_lock") = false, py::arg("shards") = 0, py::arg("boilerplate_rules") = py::none(),
             py::arg("field_overrides") = py::none(), py::arg("compact") = true, py::arg("synonyms") = py::none(),
             "Opens the index at `db` for writing, creating it if missing.\n"
             "\n"
             "threads: threads reading and parsing files (None: one per core; the index is the same for any).\n"
             "language: Snowball stemmer of a new index ('german', ...; None: the index's own, English if new).\n"
             "extract_fields: find date, places and people in the text when the file does not state them.\n"
             "max_file_size: larger files (bytes) are skipped and reported.\n"
             "batch_size: changes per commit; an interrupted run loses at most one batch.\n"
             "delete_missing: remove articles whose files are gone from the folders indexed.\n"
             "wait_for_lock: wait for another writer to finish instead of raising newsdex.Error.\n"
             "shards: split a new index into this many shards.\n"
             "boilerplate_rules: a file of extra boilerplate rules (see newsdex-index --help).\n"
             "field_overrides: JSON keys of fields common names miss, e.g. 'body=story,date=pubdate'.\n"
             "compact: compact the index after a run that wrote at least half of it.\n"
             "synonyms: a file of synonym groups, stored in the index.\n"
             "Raises newsdex.Error if another writer holds the index or it cannot be created.")
        .def("index", &PythonIndexer::index, py::arg("paths"), py::arg("progress") = py::none(),
             "Brings the index in step with the files under `paths` (a path or a list of them).\n"
             "\n"
             "New and changed files are indexed, renamed ones moved, and articles of files gone\n"
             "from those folders removed (unless delete_missing=False). Returns an IndexReport;\n"
             "problems with single files are in its `problems`, never raised.\n"
             "\n"
             "`progress`, if given, is called as progress(event, done, total) after each file, on\n"
             "the calling thread; the GIL is released between calls, so other Python threads run.\n"
             "An exception it raises (or Ctrl-C) stops the run; what was committed is kept.")
        .def("add",
             [](PythonIndexer& self, const std::string& path, const std::string& title, const std::string& body,
                const std::string& date, const std::string& source, const std::string& author, const std::string& url,
                const std::string& language, std::vector<std::string> places, std::vector<std::string> people) {
                 self.add(Article{path, title, body, date, source, author, url, language, std::move(places),
                                  std::move(people)});
             },
             py::arg("path"), py::kw_only(), py::arg("title") = "", py::arg("body") = "", py::arg("date") = "",
             py::arg("source") = "", py::arg("author") = "", py::arg("url") = "", py::arg("language") = "",
             py::arg("places") = std::vector<std::string>{}, py::arg("people") = std::vector<std::string>{},
             "Adds one article, replacing any article with the same path; missing fields are\n"
             "extracted from the text as for files. Visible to searchers after commit().")
        .def("commit", &PythonIndexer::commit, "Makes everything added so far durable and visible to searchers.")
        .def("document_count", &PythonIndexer::document_count, "Number of articles in the index.")
        .def("close", &PythonIndexer::close,
             "Commits and releases the index's write lock. Further calls raise newsdex.Error.")
        .def_property_readonly("db", &PythonIndexer::db_path, "The index's path.")
        .def_property_readonly("closed", &PythonIndexer::closed, "Whether close() was called.")
        .def("__enter__", [](PythonIndexer& self) -> PythonIndexer& { return self; },
             py::return_value_policy::reference)
        .def("__exit__", [](PythonIndexer& self, const py::args&) { self.close(); })
        .def("__repr__", [](const PythonIndexer& self) {
            return "<newsdex.Indexer " + self.db_path() + (self.closed() ? " (closed)>" : ">");
        });
}

}  // namespace newsdex::python
