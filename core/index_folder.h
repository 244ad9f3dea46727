// The folder of an index, as newsdex lays it out on disk, and the rules that
// keep newsdex from touching folders it did not make.
//
//   DIR/NEWSDEX            marker: this folder is a newsdex index (and the writers' lock)
//   DIR/XAPIANDB           Xapian stub naming the current generation: "auto generation-3"
//   DIR/generation-3/      the glass database itself
//
// Compaction writes generation-4 beside generation-3, renames a new stub over
// the old one (atomic), then removes generation-3. A reader opening the index
// reads the stub and opens one generation: it can never mix the files of two.
// Indexes written before this layout (glass files directly in DIR) and sharded
// indexes (a stub listing shard-N and dictionary) are recognised too.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>

namespace newsdex::index_folder {

inline constexpr const char* kMarkerName = "NEWSDEX";
inline constexpr const char* kStubName = "XAPIANDB";
inline constexpr const char* kGenerationPrefix = "generation-";
// A parallel build's temporary database, one per writer thread: "build-<pid>-<n>",
// merged into the next generation at the end of the run, never named by the stub.
inline constexpr const char* kBuildPrefix = "build-";

enum class Kind {
    Missing,              // nothing at the path: a new index goes there
    Empty,                // an empty folder: a new index goes there
    Generations,          // a newsdex index of this layout (marker + stub naming one generation)
    Flat,                 // a newsdex index from before generations: glass files directly in the folder
    Sharded,              // a stub listing shards (newsdex's --shards, or written by the user)
    InterruptedCreation,  // a new index killed before its first generation was named: nothing committed
    Foreign,              // anything else: not newsdex's, never written, moved or deleted
};

// What is at `dir`. Never modifies anything.
Kind inspect(const std::string& dir);

// Why `dir` (of Kind::Foreign) is refused, for a message.
std::string why_foreign(const std::string& dir);

// True if `name` is the name of a file glass writes (iamglass, flintlock, postlist.glass, postlist.tmp, ...):
// the only files newsdex ever removes outside its marker, stub and generations.
bool is_xapian_file_name(const std::string& name);

// True if `name` is a generation folder name newsdex makes ("generation-" + digits).
bool is_generation_name(const std::string& name);

// The name of the temporary build folder of writer `number` of process `pid`.
std::string build_name(long pid, unsigned number);

// True if `name` is a build folder name newsdex makes ("build-" + digits + "-" + digits).
bool is_build_name(const std::string& name);

// The generation folder the stub of `dir` names (absolute), or "" if the stub
// does not name exactly one generation (a sharded stub, or no stub).
std::string current_generation(const std::string& dir);

// The number of a generation folder name, or 0 if it is not one.
unsigned long generation_number(const std::string& name);

// Writes the stub naming `generation_name` atomically (a temporary file synced, then renamed over).
// Throws Error on failure.
void write_stub(const std::string& dir, const std::string& generation_name);

// Throws Error (ErrorCategory::IO) saying permission is denied, naming `path`,
// its owner and how to share the index `index` (default: `path`), when this process may not read `path`
// (list and enter it, for a folder). Returns otherwise, whatever else is wrong.
void require_readable(const std::string& path, const std::string& index = {});

// The file newsdex writes in each generation-N/ and build-P-N/ folder it
// creates, so that only those are ever cleaned up.
inline constexpr const char* kFolderMarkName = "NEWSDEX-FOLDER";

// Creates the folder `path` with `mode` and newsdex's mark in it (the mark made
// with O_EXCL, naming this process). False if `path` exists already (left as it
// is: the caller picks another name); throws Error on any other failure.
bool make_own_folder(const std::string& path, std::filesystem::perms mode);

// True if `path` is a folder (not a link) carrying the mark make_own_folder writes.
bool is_own_folder(const std::string& path);

// Writes the marker file if missing (best effort: a read-only folder keeps none).
void write_marker(const std::string& dir);

// True if `dir` carries the marker newsdex writes (a file named NEWSDEX with other text is the user's).
bool is_marked(const std::string& dir);

// Removes a generation folder: its files with Xapian's names, then the folder
// and its mark, then the folder if that left it empty (anything else in it, or a
// link, keeps it). For a folder newsdex made: the one the stub named, or a marked one. True if removed.
bool remove_generation(const std::string& generation);

// Removes, inside a folder carrying the marker, every generation folder the
// stub does not name (left by a killed compaction or creation) and every build
// folder (left by a killed parallel build: the caller holds the writers' lock,
// so no build is running). Only folders named like newsdex's and carrying its
// mark (make_own_folder) are touched, and only as remove_generation does; an
// unmarked one is the user's (or from a newsdex before marks) and stays.
void remove_stale_generations(const std::string& dir);

// Opens the index at `dir` (Kind::Generations) for reading: the generation the
// stub names, checked to be still current once open, so the open never
// overlaps the removal of an old generation. Throws Xapian::Error.
Xapian::Database open_generation(const std::string& dir);

}  // namespace newsdex::index_folder
