// newsdex::Error and newsdex::QuerySyntaxError as Python exceptions.
#include "bindings.h"

#include <newsdex/error.h>

namespace newsdex::python {

namespace {

// Never freed: the classes live as long as the interpreter, and a static's
// destructor would run after it is gone.
py::object* error_class = nullptr;
py::object* syntax_error_class = nullptr;

void translate(std::exception_ptr thrown) {
    try {
        if (thrown) std::rethrow_exception(thrown);
    } catch (const newsdex::QuerySyntaxError& e) {
        PyErr_SetString(syntax_error_class->ptr(), e.what());
    } catch (const newsdex::Error& e) {
        PyErr_SetString(error_class->ptr(), e.what());
    }
}

}  // namespace

void bind_errors(py::module_& module) {
    error_class = new py::exception<newsdex::Error>(module, "Error", PyExc_Exception);
    error_class->doc() =
        "An error of newsdex: a missing or locked index, an unreadable file, a bad query.\n"
        "The message says what happened and what to do about it.";
    // A malformed query is also a ValueError: the argument's value is what is wrong.
    // PyErr_NewException takes a tuple of bases, hence the two.
    syntax_error_class = new py::exception<newsdex::QuerySyntaxError>(
        module, "QuerySyntaxError", py::make_tuple(*error_class, py::handle(PyExc_ValueError)));
    syntax_error_class->doc() =
        "A query that uses the query language wrongly (an unclosed quote or bracket, an\n"
        "operator with nothing on one side, a field with no value); the message says\n"
        "which part to fix. Also a ValueError.";
    py::register_exception_translator(&translate);
}

}  // namespace newsdex::python
