// Sharded indexes: an index folder whose XAPIANDB stub file lists its shards
// (Xapian's own stub-database format), local shard folders or remote shards
// served by xapian-tcpsrv. Xapian opens such a folder as one database.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace newsdex::shards {

struct Shard {
    std::string path;  // local shard folder (absolute), empty for a remote shard
    std::string host;  // remote shard: xapian-tcpsrv host and port
    unsigned port = 0;
    std::string line;  // the stub line, for messages ("remote 10.0.0.2:33333")
    bool dictionary = false;  // the index's spelling/synonym database, not a shard of articles
};

// The document-less database of a sharded index holding its spelling and
// synonym data (which remote shards cannot serve).
std::string dictionary_path(const std::string& index_dir);

// The stub file of an index folder.
std::string stub_path(const std::string& index_dir);

// True if `index_dir` is a sharded index (a folder with a XAPIANDB stub).
bool is_sharded(const std::string& index_dir);

// The shards a stub lists, local paths made absolute relative to the stub's
// folder. Throws Error naming the line it cannot understand.
std::vector<Shard> read_stub(const std::string& index_dir);

// Creates `index_dir` with `count` empty local shard folders, the dictionary
// and the stub listing them all.
// Returns the shard folders. Throws Error if `index_dir` holds anything else.
std::vector<std::string> create_local(const std::string& index_dir, std::size_t count);

// The shard an article's file belongs to: a stable hash of its absolute path,
// so re-indexing finds it again.
std::size_t shard_of(const std::string& file_id, std::size_t shard_count);

}  // namespace newsdex::shards
