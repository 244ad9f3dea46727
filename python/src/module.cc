// The module's entry point and docstring; the bindings live one concern per file.
#include "bindings.h"

#include <pybind11/stl.h>

namespace newsdex::python {

std::string path_string(const py::handle& path) {
    if (py::isinstance<py::str>(path)) return path.cast<std::string>();
    // os.fsdecode() accepts bytes and os.PathLike too, and rejects the rest with a clear TypeError.
    py::object fs_path = py::module_::import("os").attr("fsdecode")(path);
    return fs_path.cast<std::string>();
}

std::vector<std::string> path_list(const py::handle& paths) {
    if (py::isinstance<py::str>(paths) || py::hasattr(paths, "__fspath__") || py::isinstance<py::bytes>(paths)) {
        return {path_string(paths)};
    }
    std::vector<std::string> list;
    for (const py::handle& path : paths) list.push_back(path_string(path));
    return list;
}

std::size_t code_point_index(const std::string& text, std::size_t byte) {
    std::size_t index = 0;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) index += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return index;
}

}  // namespace newsdex::python

PYBIND11_MODULE(newsdex, module) {
    module.doc() =
        "Full-text search over folders of news articles (newsdex, on Xapian and ICU).\n"
        "\n"
        "Index a folder, then search it:\n"
        "\n"
        "    import newsdex\n"
        "    with newsdex.Indexer(\"news-index\") as indexer:\n"
        "        report = indexer.index(\"articles/\")\n"
        "    searcher = newsdex.Searcher(\"news-index\")\n"
        "    for hit in searcher.search(\"SCO Astana Putin\").hits:\n"
        "        print(hit.rank, hit.date, hit.title, hit.path)\n"
        "\n"
        "Queries use the syntax of `newsdex-query --help`: words, \"phrases\", AND/OR/NOT,\n"
        "field:value (people:, place:, title:, source:, author:, path:, date:2024-07).\n"
        "newsdex.dry_run() shows the fields newsdex reads from an article without indexing it.\n"
        "\n"
        "Every error of the library is a newsdex.Error (a malformed query: newsdex.QuerySyntaxError,\n"
        "also a ValueError) whose message says what to do.\n";
    module.attr("__version__") = NEWSDEX_VERSION;
    newsdex::python::bind_errors(module);
    newsdex::python::bind_indexer(module);
    newsdex::python::bind_searcher(module);
    newsdex::python::bind_dry_run(module);
}
