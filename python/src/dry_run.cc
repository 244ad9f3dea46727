// newsdex.dry_run() and newsdex.read_articles(): the fields newsdex reads from an
// article, without indexing it (what `newsdex-index --dry-run --json` prints).
#include "bindings.h"

#include <newsdex/error.h>
#include <newsdex/extract.h>
#include <newsdex/index.h>
#include <newsdex/schema.h>

#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace newsdex::python {

namespace {

// The keys of `newsdex-index --dry-run --json`, plus the body.
py::dict article_dict(const Article& article) {
    py::dict fields;
    for (const ArticleField& field : article_fields()) {
        const std::string key(field.key);
        if (field.text) {
            fields[key.c_str()] = article.*field.text;
        } else {
            fields[key.c_str()] = article.*field.names;
        }
    }
    return fields;
}

IndexOptions options_of(bool extract_fields, const std::optional<std::string>& field_overrides) {
    IndexOptions options;
    options.extract_fields = extract_fields;
    options.field_overrides = field_overrides.value_or(std::string());
    return options;
}

// One line ending in an article file's extension: a path, even if no file has it,
// so a misspelt path is an error rather than an "article" whose title is the path.
bool looks_like_article_path(const std::string& text) {
    const auto dot = text.find_last_of('.');
    return dot != std::string::npos && dot > 0 && is_article_file_name(text);
}

// A path-like object, or a str without a line break naming something that exists (a folder
// is an error then, not an article titled with its name) or an article file.
bool names_a_file(const py::handle& path_or_text) {
    if (!py::isinstance<py::str>(path_or_text)) return true;
    const std::string text = path_or_text.cast<std::string>();
    if (text.empty() || text.find('\n') != std::string::npos) return false;
    return looks_like_article_path(text) || py::module_::import("os").attr("path").attr("exists")(path_or_text).cast<bool>();
}

std::vector<Article> read(const std::string& path, const IndexOptions& options) {
    py::gil_scoped_release release;
    return read_articles(path, options);
}

}  // namespace

void bind_dry_run(py::module_& module) {
    module.def(
        "dry_run",
        [](const py::object& path_or_text, bool extract_fields, std::optional<std::string> field_overrides) {
            const IndexOptions options = options_of(extract_fields, field_overrides);
            if (names_a_file(path_or_text)) {
                const std::string path = path_string(path_or_text);
                const std::vector<Article> articles = read(path, options);
                if (articles.size() != 1) {
                    throw Error(path + " holds " + std::to_string(articles.size()) +
                                " articles; use newsdex.read_articles() for a list of them");
                }
                return article_dict(articles.front());
            }
            const std::string text = path_or_text.cast<std::string>();
            Article article;
            Entities entities;
            {
                py::gil_scoped_release release;
                article = parse_text_article(text, "-", options);
                if (extract_fields) entities = extract_entities(text);
            }
            py::dict fields = article_dict(article);
            if (extract_fields) {
                py::list spans;
                for (const EntityMention& mention : entities.mentions) {
                    py::dict span;
                    span["start"] = code_point_index(text, mention.begin);
                    span["end"] = code_point_index(text, mention.end);
                    span["type"] = mention.type == EntityType::Person ? "PER" : "LOC";
                    span["name"] = mention.canonical;
                    spans.append(span);
                }
                fields["spans"] = spans;
            }
            return fields;
        },
        py::arg("path_or_text"), py::kw_only(), py::arg("extract_fields") = true,
        py::arg("field_overrides") = py::none(),
        "The fields newsdex reads from one article, as a dict, without indexing it.\n"
        "\n"
        "A pathlib.Path, or a str naming an existing file, is read as that file (any format\n"
        "newsdex-index reads; it must hold one article, else use read_articles(); a str naming\n"
        "a folder, FIFO or device raises newsdex.Error). Any other\n"
        "str is the text of one plain-text article (optional 'Key: value' header lines, else\n"
        "the first line is the title); its dict also has 'spans', the people (PER) and places\n"
        "(LOC) mentioned: {'start', 'end' (str indices), 'type', 'name' (canonical)}.\n"
        "\n"
        "Keys: path, title, date, places, people, source, author, url, language (as\n"
        "`newsdex-index --dry-run --json` prints them) and body.\n"
        "Raises newsdex.Error if the file cannot be read or is not an article format.");
    module.def(
        "read_articles",
        [](const py::object& path, bool extract_fields, std::optional<std::string> field_overrides) {
            py::list articles;
            for (const Article& article : read(path_string(path), options_of(extract_fields, field_overrides))) {
                articles.append(article_dict(article));
            }
            return articles;
        },
        py::arg("path"), py::kw_only(), py::arg("extract_fields") = true, py::arg("field_overrides") = py::none(),
        "The articles in one file (a JSON export may hold many), each a dict as dry_run() gives.\n"
        "Raises newsdex.Error if the file cannot be read or is not an article format.");
    module.def("default_index_path", &default_index_path,
               "The index used when none is named: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex/index,\n"
               "else ~/.local/share/newsdex/index.");
}

}  // namespace newsdex::python
