// Opening an index for searching: one index, or a sharded one whose stub
// lists local and remote (xapian-tcpsrv) shards, with a time limit on remote
// shards and, if allowed, going on without the ones that do not answer.
#pragma once

#include <newsdex/search.h>

#include <xapian.h>

#include <string>
#include <vector>

namespace newsdex {

// The index at `path` as one Xapian database. Throws Error naming the shard
// that cannot be opened, unless options.allow_partial, in which case such
// shards are left out and named in `warnings` (an error if none is left).
Xapian::Database open_index(const std::string& path, const SearcherOptions& options,
                            std::vector<std::string>& warnings);

}  // namespace newsdex
