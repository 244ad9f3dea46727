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

// True if `db` holds a shard served by xapian-tcpsrv, however it was opened
// (our stub, a stub file given as the path, a nested stub). Such a shard runs
// only Xapian's stock posting sources and match spies: a search over it must
// not use classes of this program.
bool holds_remote_shard(const Xapian::Database& db);

// The Xapian id of each shard of `db`, in Xapian's order (a single index: one),
// so that a posting source can tell which shard it is reading; empty when a
// shard has no id or two share one (then use what works without it).
std::vector<std::string> shard_ids(const Xapian::Database& db);

}  // namespace newsdex
