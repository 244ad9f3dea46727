// The Python module `newsdex`, one file per concern: errors.cc, indexer.cc,
// searcher.cc, dry_run.cc, module.cc. Everything binds the public C++ API
// (include/newsdex/*.h) only, so the module is a thin view over the library.
#pragma once

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

namespace newsdex::python {

namespace py = pybind11;

void bind_errors(py::module_& module);
void bind_indexer(py::module_& module);
void bind_searcher(py::module_& module);
void bind_dry_run(py::module_& module);

// A path given as str or os.PathLike, as the C++ API takes it.
std::string path_string(const py::handle& path);

// One path or a list of them (str or os.PathLike each).
std::vector<std::string> path_list(const py::handle& paths);

// Byte offset `byte` in UTF-8 `text` as a code-point index, which is what a Python str counts.
std::size_t code_point_index(const std::string& text, std::size_t byte);

}  // namespace newsdex::python
