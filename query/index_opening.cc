#include "query/index_opening.h"

#include "core/index_folder.h"
#include "core/shards.h"

#include <newsdex/error.h>

#include <algorithm>
#include <filesystem>

namespace newsdex {

namespace {

// No index there: advise creating one only where newsdex-index would create it.
[[noreturn]] void throw_no_index(const std::string& path, const std::string& shown) {
    if (index_folder::inspect(path) == index_folder::Kind::Foreign) {
        throw Error("no index at " + shown + ": " + index_folder::why_foreign(path), ErrorCategory::NotAnIndex);
    }
    throw Error("no index at " + shown, ErrorCategory::NotFound);
}

Xapian::Database open_one(const std::string& path, const std::string& shown) {
    try {
        return index_folder::open_generation(path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw_no_index(path, shown);
    } catch (const Xapian::DatabaseOpeningError& e) {
        if (!std::filesystem::exists(path)) throw_no_index(path, shown);
        // A generation others may not read (the index shared without -R, say): permission, not damage.
        const std::string generation = index_folder::current_generation(path);
        if (!generation.empty()) index_folder::require_readable(generation, path);
        throw Error("cannot open the index " + shown + ": " + e.get_msg(), ErrorCategory::NotAnIndex);
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw Error("the index " + shown + " is damaged: " + e.get_msg(), ErrorCategory::Corrupt);
    } catch (const Xapian::Error& e) {
        throw Error("cannot open the index " + shown + ": " + e.get_msg(), ErrorCategory::IO);
    }
}

// A posting source only this program knows, matching nothing. Xapian hands
// a local shard the object itself but must serialise it for a remote one,
// which fails (UnimplementedError) before anything is sent.
class LocalOnlyProbe : public Xapian::PostingSource {
public:
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return 0; }
    Xapian::doccount get_termfreq_max() const override { return 0; }
    void init(const Xapian::Database&) override {}
    void next(double) override {}
    bool at_end() const override { return true; }
    Xapian::docid get_docid() const override { return 0; }
    Xapian::PostingSource* clone() const override { return new LocalOnlyProbe; }
};

}  // namespace

bool holds_remote_shard(const Xapian::Database& db) {
    // Xapian 1.4 does not say what kind each shard of a Database is; asking it to
    // run a class of ours is the question that matters, and costs no round trip.
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query((new LocalOnlyProbe)->release()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    try {
        enquire.get_mset(0, 0);
        return false;
    } catch (const Xapian::UnimplementedError&) {
        return true;
    } catch (const Xapian::DatabaseModifiedError&) {
        // Thrown by a local shard once matching began, which is after every
        // remote shard was handed the query: none refused it.
        return false;
    }
}

std::vector<std::string> shard_ids(const Xapian::Database& db) {
    const std::string joined = db.get_uuid();  // the shards' ids joined by ':' (Xapian 1.4)
    std::vector<std::string> ids;
    for (std::size_t start = 0; !joined.empty() && start <= joined.size();) {
        std::size_t end = joined.find(':', start);
        if (end == std::string::npos) end = joined.size();
        ids.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    if (ids.size() != db.size() || std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return {};
    return ids;
}

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
