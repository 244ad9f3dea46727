#include "core/index_layout.h"
#include "indexer/article_reader.h"
#include "indexer/document_builder.h"
#include "indexer/field_completion.h"

#include <newsdex/error.h>
#include <newsdex/index.h>

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace newsdex {

namespace fs = std::filesystem;

namespace {

std::string signature_of(const fs::path& path, std::error_code& error) {
    const auto size = fs::file_size(path, error);
    if (error) return {};
    const auto mtime = fs::last_write_time(path, error);
    if (error) return {};
    return std::to_string(size) + ":" + std::to_string(mtime.time_since_epoch().count());
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

// Files under `root` in a stable order; hidden entries and symlinked folders
// (which may loop) are not followed. Problems reach `on_error`.
template <typename OnFile, typename OnError>
void walk(const fs::path& root, OnFile on_file, OnError on_error) {
    std::error_code error;
    const auto status = fs::status(root, error);
    if (error || !fs::exists(status)) {
        on_error(root.string(), "no such file or folder");
        return;
    }
    if (!fs::is_directory(status)) {
        on_file(root);
        return;
    }
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
    if (error) {
        on_error(root.string(), "cannot list folder: " + error.message());
        return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (error) {
            on_error(it->path().string(), "cannot list folder: " + error.message());
            error.clear();
            continue;
        }
        const fs::directory_entry& entry = *it;
        if (is_hidden(entry.path())) {
            if (entry.is_directory(error)) it.disable_recursion_pending();
            continue;
        }
        if (entry.is_symlink(error) && entry.is_directory(error)) {
            it.disable_recursion_pending();
            continue;
        }
        if (entry.is_regular_file(error)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) on_file(file);
}

}  // namespace

struct Indexer::State {
    std::string db_path;
    IndexOptions options;
    Xapian::WritableDatabase db;
    std::unique_ptr<DocumentBuilder> builder;
    std::size_t uncommitted = 0;

    void replace(const Article& article, const std::string& id, const std::string& signature) {
        db.replace_document(layout::id_term(id), builder->build(article, id, signature));
        if (++uncommitted >= options.batch_size) commit();
    }

    void commit() {
        db.commit();
        uncommitted = 0;
    }

    // True if the article with `id` was indexed from the file in this exact state.
    bool unchanged(const std::string& id, const std::string& signature) {
        const std::string term = layout::id_term(id);
        auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term)) return false;
        return db.get_document(*posting).get_value(layout::kFileSignatureSlot) == signature;
    }
};

Indexer::Indexer(const std::string& db_path, IndexOptions options) : state_(std::make_unique<State>()) {
    state_->db_path = db_path;
    state_->options = options;
    try {
        std::error_code ignored;
        fs::create_directories(fs::path(db_path).parent_path(), ignored);
        state_->db = Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw Error("the index " + db_path + " is being written by another newsdex-index; wait for it to finish");
    } catch (const Xapian::Error& e) {
        throw Error("cannot open the index " + db_path + " for writing: " + e.get_msg());
    }
    std::string language = state_->db.get_metadata(layout::kLanguageKey);
    if (language.empty()) {
        language = options.language.empty() ? "english" : options.language;
        layout::make_stemmer(language);  // validates the name before anything is written
        state_->db.set_metadata(layout::kLanguageKey, language);
        state_->db.set_metadata(layout::kFormatKey, layout::kFormatVersion);
    } else if (!options.language.empty() && options.language != language) {
        throw Error("the index " + db_path + " was built for " + language + ", not " + options.language +
                    "; index into a new --db to change the language");
    }
    state_->options.language = language;
    state_->builder = std::make_unique<DocumentBuilder>(layout::make_stemmer(language));
}

Indexer::~Indexer() {
    try {
        state_->db.commit();
    } catch (...) {
        // A destructor must not throw; commit() is the way to see write errors.
    }
}

IndexReport Indexer::index_paths(const std::vector<std::string>& paths, const ProgressCallback& progress) {
    IndexReport report;
    std::size_t done = 0;
    auto record = [&](FileEvent event) {
        switch (event.outcome) {
            case FileOutcome::Indexed: break;
            case FileOutcome::Unchanged: ++report.unchanged; break;
            case FileOutcome::Skipped: ++report.skipped; break;
            case FileOutcome::Failed: ++report.failed; break;
        }
        if (!event.reason.empty()) report.notices.push_back(event);
        ++done;
        if (progress) progress(event, done);
    };
    auto on_error = [&](const std::string& path, const std::string& reason) {
        record({path, FileOutcome::Failed, reason});
    };
    auto on_file = [&](const fs::path& file) {
        const std::string display = file.lexically_normal().string();
        std::error_code error;
        fs::path absolute = fs::absolute(file, error).lexically_normal();
        const std::string id = absolute.string();
        const std::string signature = signature_of(file, error);
        if (error) return record({display, FileOutcome::Failed, "cannot read: " + error.message()});
        try {
            if (state_->unchanged(id, signature)) return record({display, FileOutcome::Unchanged, {}});
            FileContents contents = read_article_file(file.string(), display, state_->options);
            std::string notes;
            for (const auto& note : contents.notes) notes += (notes.empty() ? "" : "; ") + note;
            for (const auto& one : contents.articles) {
                state_->replace(one.article, one.id_in_file.empty() ? id : id + "#" + one.id_in_file, signature);
                ++report.indexed;
            }
            record({display, FileOutcome::Indexed, notes});
        } catch (const NotAnArticle& e) {
            record({display, FileOutcome::Skipped, e.what()});
        } catch (const Error& e) {
            record({display, FileOutcome::Failed, e.what()});
        } catch (const Xapian::Error& e) {
            throw Error("writing to the index " + state_->db_path + " failed: " + e.get_msg());
        }
    };
    for (const auto& path : paths) walk(fs::path(path), on_file, on_error);
    commit();
    return report;
}

void Indexer::add(const Article& article) {
    Article completed = article;
    complete_fields(completed, state_->options.extract_fields);
    try {
        state_->replace(completed, completed.path, {});
    } catch (const Xapian::Error& e) {
        throw Error("writing to the index " + state_->db_path + " failed: " + e.get_msg());
    }
}

void Indexer::commit() {
    try {
        state_->commit();
    } catch (const Xapian::Error& e) {
        throw Error("committing to the index " + state_->db_path + " failed: " + e.get_msg());
    }
}

std::size_t Indexer::document_count() const { return state_->db.get_doccount(); }

std::string default_index_path() {
    if (const char* db = std::getenv("NEWSDEX_DB"); db && *db) return db;
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return std::string(data) + "/newsdex/index";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/newsdex/index";
    return ".newsdex";
}

}  // namespace newsdex
