#include "query/index_opening.h"

#include "core/shards.h"

#include <newsdex/error.h>

#include <filesystem>

namespace newsdex {

namespace {

Xapian::Database open_one(const std::string& path, const std::string& shown) {
    try {
        return Xapian::Database(path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        std::error_code error;
        if (std::filesystem::exists(path, error) && !std::filesystem::is_empty(path, error)) {
            throw Error(shown + " holds no index", ErrorCategory::NotAnIndex);
        }
        throw Error("no index at " + shown, ErrorCategory::NotFound);
    } catch (const Xapian::DatabaseOpeningError& e) {
        if (!std::filesystem::exists(path)) throw Error("no index at " + shown, ErrorCategory::NotFound);
        throw Error("cannot open the index " + shown + ": " + e.get_msg(), ErrorCategory::NotAnIndex);
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw Error("the index " + shown + " is damaged: " + e.get_msg(), ErrorCategory::Corrupt);
    } catch (const Xapian::Error& e) {
        throw Error("cannot open the index " + shown + ": " + e.get_msg(), ErrorCategory::IO);
    }
}

}  // namespace

Xapian::Database open_index(const std::string& path, const SearcherOptions& options,
                            std::vector<std::string>& warnings) {
    if (!shards::is_sharded(path)) return open_one(path, path);

    Xapian::Database all;
    std::size_t opened = 0;
    const std::vector<shards::Shard> list = shards::read_stub(path);
    for (const shards::Shard& shard : list) {
        try {
            if (shard.path.empty()) {
                // Xapian's own stub reader would wait as long as the network lets it;
                // opening remote shards here puts a limit on it.
                all.add_database(Xapian::Remote::open(shard.host, shard.port, options.remote_timeout_ms,
                                                      options.remote_timeout_ms));
            } else {
                all.add_database(open_one(shard.path, shard.path));
            }
            ++opened;
        } catch (const Error& e) {
            if (!options.allow_partial) throw;
            warnings.push_back(e.what());
        } catch (const Xapian::Error& e) {
            const std::string message = "shard '" + shard.line + "' of " + path + " is unavailable: " + e.get_msg();
            if (!options.allow_partial) throw Error(message, ErrorCategory::RemoteUnavailable);
            warnings.push_back(message);
        }
    }
    if (opened == 0) throw Error("no shard of " + path + " could be opened");
    return all;
}

}  // namespace newsdex
