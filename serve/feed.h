// newsdex-serve's Atom feeds: any search, newest articles first, for a feed
// reader to follow (GET /feed.atom?q=...). Every value is XML-escaped here.
#pragma once

#include <newsdex/search.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace newsdex::serve {

// Entries in one feed: the newest matching articles.
inline constexpr std::size_t kFeedEntries = 30;

// `text` safe inside XML text and quoted attributes; characters XML 1.0 forbids
// (control characters other than tab and line breaks) are dropped.
std::string xml_escape(const std::string& text);

// The stable Atom id of the article shown as `path` (the same across requests and restarts).
std::string feed_entry_id(const std::string& path);

// An Atom 1.0 feed of `results` for the search `query`: entries newest first,
// each updated at the article's date (undated: when it entered the index),
// with its title, snippet as summary, people and places as categories, and a
// link to its reading view under `base_url` ("http://host:port"). `now` (seconds
// since 1970 UTC) dates the feed when no entry does.
std::string render_atom_feed(const std::string& query, const SearchResults& results, const std::string& base_url,
                             std::int64_t now);

}  // namespace newsdex::serve
