#include "query/index_opening.h"

#include "core/index_folder.h"
#include "core/shards.h"

#include <newsdex/error.h>

#include <filesystem>

namespace newsdex {

namespace {

// No index there: advise creating one only where newsdex-index would create it.
[[noreturn]] void throw_no_index(const std::string& path, const std::string& shown) {
    if (index_folder::inspect(path) == index_folder::Kind::Foreign) {
        throw Error("no index at " + shown + ": " + index_folder::why_foreign(path) + "; give --db the folder of an index");
    }
    throw Error("no index at " + shown + "; create one with: newsdex-index --db " + shown + " FOLDER");
}

Xapian::Database open_one(const std::string& path, const std::string& shown) {
    try {
        return index_folder::open_generation(path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw_no_index(path, shown);
    } catch (const Xapian::DatabaseOpeningError& e) {
        if (!std::filesystem::exists(path)) throw_no_index(path, shown);
        throw Error("cannot open the index " + shown + ": " + e.get_msg() +
                    " (is it a newsdex index? if it is damaged, delete it and index again)");
    } catch (const Xapian::Error& e) {
        throw Error("cannot open the index " + shown + ": " + e.get_msg() +
                    " (if it is damaged, delete it and index again)");
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
            if (!options.allow_partial) throw Error(message + " (use --partial to search the other shards)");
            warnings.push_back(message);
        }
    }
    if (opened == 0) throw Error("no shard of " + path + " could be opened");
    return all;
}

}  // namespace newsdex
