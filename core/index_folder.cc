#include "core/index_folder.h"

#include "core/index_layout.h"

#include <newsdex/error.h>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace newsdex::index_folder {

namespace fs = std::filesystem;

namespace {

bool is_present(const fs::path& path) {
    std::error_code error;
    return fs::exists(fs::symlink_status(path, error));
}

// A glass database newsdex wrote: it states newsdex's format, or holds nothing
// (a first run killed before its first commit). Unopenable ones are not
// taken for newsdex's: writing would replace files of the user's.
bool is_newsdex_glass(const fs::path& dir) {
    try {
        Xapian::Database db(dir.string(), Xapian::DB_BACKEND_GLASS);
        return !db.get_metadata(layout::kFormatKey).empty() || db.get_doccount() == 0;
    } catch (const Xapian::Error&) {
        return false;  // files merely named like Xapian's, or damaged: nothing says newsdex made them
    }
}

// The text of the marker newsdex writes; a file named NEWSDEX that does not
// start with it is the user's, and does not make a folder newsdex's.
constexpr const char* kMarkerText =
    "This folder is a newsdex index. newsdex-index writes and deletes only the files it made here\n"
    "(XAPIANDB, generation-N/, build-P-N/ and this file); delete the whole folder to delete the index.\n";
constexpr std::size_t kMarkerSignatureBytes = 30;  // "This folder is a newsdex index"

bool has_marker(const fs::path& folder) {
    std::error_code error;
    if (!fs::is_regular_file(fs::symlink_status(folder / kMarkerName, error))) return false;
    // A marker newsdex cannot read is not "no marker": that would call the index foreign.
    if (::access((folder / kMarkerName).c_str(), R_OK) != 0 && errno == EACCES) require_readable((folder / kMarkerName).string(), folder.string());
    std::ifstream in(folder / kMarkerName, std::ios::binary);
    std::string head(kMarkerSignatureBytes, '\0');
    in.read(&head[0], static_cast<std::streamsize>(head.size()));
    return in.gcount() == static_cast<std::streamsize>(head.size()) && head.compare(0, head.size(), kMarkerText, head.size()) == 0;
}

// The text of the mark newsdex leaves in each generation and build folder it
// creates: a folder merely named like one (the user's "build-2024-01/") has
// none, and is never cleaned up.
constexpr const char* kFolderMarkText = "This folder was made by newsdex-index";
constexpr std::size_t kFolderMarkSignatureBytes = std::char_traits<char>::length(kFolderMarkText);

bool has_folder_mark(const fs::path& folder) {
    std::error_code error;
    if (!fs::is_regular_file(fs::symlink_status(folder / kFolderMarkName, error))) return false;
    std::ifstream in(folder / kFolderMarkName, std::ios::binary);
    std::string head(kFolderMarkSignatureBytes, '\0');
    in.read(&head[0], static_cast<std::streamsize>(head.size()));
    return in.gcount() == static_cast<std::streamsize>(head.size()) && head == std::string(kFolderMarkText, kFolderMarkSignatureBytes);
}

}  // namespace

void require_readable(const std::string& path, const std::string& index) {
    std::error_code error;
    const auto status = fs::symlink_status(path, error);
    const int needed = fs::is_directory(status) ? R_OK | X_OK : R_OK;
    if (error || ::faccessat(AT_FDCWD, path.c_str(), needed, AT_EACCESS) == 0 || errno != EACCES) return;
    struct stat owned {};
    const passwd* owner = ::stat(path.c_str(), &owned) == 0 ? ::getpwuid(owned.st_uid) : nullptr;
    const std::string who = owner ? "user " + std::string(owner->pw_name) : "its owner";
    throw Error("cannot read " + path + ": " + std::strerror(EACCES) + "; run as " + who +
                    ", or let others read the index with: chmod -R go+rX " +
                    (index.empty() ? path : index) + " (README: Safety)",
                ErrorCategory::IO);
}

// A folder make_own_folder left half made, killed between its mkdir and the
// end of the mark's write: empty, or holding only a mark file whose text is a
// start of the mark's. No one else's folder looks like that (it holds no file
// of anyone's), so it is removed like a marked one.
static bool is_half_made_own_folder(const fs::path& folder) {
    std::error_code error;
    fs::directory_iterator it(folder, error), end;
    if (error) return false;
    if (it == end) return true;
    if (it->path().filename() != kFolderMarkName || !fs::is_regular_file(fs::symlink_status(it->path(), error))) return false;
    const fs::path mark = it->path();
    if (it.increment(error); error || it != end) return false;
    std::ifstream in(mark, std::ios::binary);
    std::string head(kFolderMarkSignatureBytes + 1, '\0');
    in.read(&head[0], static_cast<std::streamsize>(head.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    return got < kFolderMarkSignatureBytes && std::string_view(kFolderMarkText).substr(0, got) == std::string_view(head).substr(0, got);
}

bool make_own_folder(const std::string& path, fs::perms mode) {
    if (::mkdir(path.c_str(), 0700) != 0) {
        if (errno == EEXIST) return false;
        throw Error("cannot create " + path + ": " + std::strerror(errno));
    }
    // O_EXCL: the folder is new, so the mark can only be this run's.
    const std::string mark = (fs::path(path) / kFolderMarkName).string();
    const std::string text = std::string(kFolderMarkText) + " (process " + std::to_string(::getpid()) +
                             ") inside the index folder above; newsdex-index removes it when it is done with it.\n";
    const int fd = ::open(mark.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    const bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const int saved = errno;
    if (fd >= 0) ::close(fd);
    if (!ok) {
        ::unlink(mark.c_str());
        ::rmdir(path.c_str());
        throw Error("cannot create " + mark + ": " + std::strerror(saved));
    }
    std::error_code error;
    fs::permissions(path, mode, fs::perm_options::replace, error);
    return true;
}

bool is_own_folder(const std::string& path) {
    std::error_code error;
    return fs::is_directory(fs::symlink_status(path, error)) && has_folder_mark(path);
}

bool is_xapian_file_name(const std::string& name) {
    // Glass's tables, each as written and as its temporary while being written.
    static const char* const kTables[] = {"docdata", "position", "postlist", "spelling", "synonym", "termlist"};
    if (name == "iamglass" || name == "iamglass.tmp" || name == "flintlock") return true;
    for (const char* table : kTables) {
        const std::string base = table;
        if (name == base + ".glass" || name == base + ".tmp") return true;
    }
    return false;
}

bool is_generation_name(const std::string& name) { return generation_number(name) != 0; }

std::string build_name(long pid, unsigned number) {
    return kBuildPrefix + std::to_string(pid) + "-" + std::to_string(number);
}

bool is_build_name(const std::string& name) {
    const std::string prefix = kBuildPrefix;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
    // Two runs of 1 to 10 digits around one dash, nothing else.
    std::size_t digits = 0, dashes = 0;
    for (std::size_t i = prefix.size(); i < name.size(); ++i) {
        if (name[i] == '-') {
            if (digits == 0 || ++dashes > 1) return false;
            digits = 0;
        } else if (name[i] >= '0' && name[i] <= '9' && ++digits <= 10) {
            continue;
        } else {
            return false;
        }
    }
    return dashes == 1 && digits > 0;
}

unsigned long generation_number(const std::string& name) {
    const std::string prefix = kGenerationPrefix;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0 || name.size() > prefix.size() + 9) {
        return 0;
    }
    unsigned long number = 0;
    for (std::size_t i = prefix.size(); i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9') return 0;
        number = number * 10 + static_cast<unsigned long>(name[i] - '0');
    }
    return number;
}

std::string current_generation(const std::string& dir) {
    std::ifstream in(fs::path(dir) / kStubName);
    if (!in) return {};
    std::string named;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string kind, where, extra;
        words >> kind >> where >> extra;
        if (kind.empty() || kind[0] == '#') continue;
        if (!named.empty() || kind != "auto" || !extra.empty() || !is_generation_name(where)) return {};
        named = where;
    }
    return named.empty() ? std::string() : (fs::path(dir) / named).string();
}

Kind inspect(const std::string& dir) {
    std::error_code error;
    const auto status = fs::status(dir, error);
    if (!fs::exists(status)) return is_present(dir) ? Kind::Foreign : Kind::Missing;  // a dangling link is not ours
    if (!fs::is_directory(status)) return Kind::Foreign;
    require_readable(dir);  // a folder it may not list is not a folder of someone else's files
    const fs::path folder(dir);
    const bool marked = has_marker(folder);
    const bool stub = is_present(folder / kStubName);
    const std::string generation = marked ? current_generation(dir) : std::string();
    if (!generation.empty()) {
        // A generation is a folder newsdex made inside the index, never a link to somewhere else.
        return fs::is_symlink(fs::symlink_status(generation, error)) ? Kind::Foreign : Kind::Generations;
    }
    if (is_present(folder / "iamglass")) return marked || is_newsdex_glass(folder) ? Kind::Flat : Kind::Foreign;
    if (stub) return Kind::Sharded;
    bool any = false, only_xapian_files = true;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        any = true;
        const std::string name = it->path().filename().string();
        const bool ours = is_xapian_file_name(name) ||
                          (marked && (name == kMarkerName || is_generation_name(name) || is_build_name(name) || name == std::string(kStubName) + ".new"));
        if (!ours) only_xapian_files = false;
    }
    if (error) return Kind::Foreign;  // a folder newsdex cannot even list is left alone
    if (!any) return Kind::Empty;
    return only_xapian_files ? Kind::InterruptedCreation : Kind::Foreign;
}

std::string why_foreign(const std::string& dir) {
    std::error_code error;
    if (!fs::is_directory(dir, error)) return dir + " is not a folder";
    if (is_present(fs::path(dir) / "iamglass")) return dir + " is a Xapian database that newsdex did not make";
    const std::string generation = current_generation(dir);
    if (!generation.empty() && fs::is_symlink(fs::symlink_status(generation, error))) {
        return dir + " names as its index " + generation + ", a link newsdex did not make";
    }
    return dir + " is a folder that is not empty and is not a newsdex index";
}

void write_stub(const std::string& dir, const std::string& generation_name) {
    const fs::path stub = fs::path(dir) / kStubName;
    const std::string temporary = stub.string() + ".new";
    const std::string text = "# newsdex index: the generation in use (Xapian stub format)\nauto " + generation_name + "\n";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int saved = errno;
    if (fd >= 0) ::close(fd);
    if (ok) ok = ::rename(temporary.c_str(), stub.c_str()) == 0;
    if (!ok) {
        ::unlink(temporary.c_str());
        throw Error("cannot write " + stub.string() + ": " + std::strerror(errno ? errno : saved));
    }
    // The rename is durable once the folder is synced.
    const int folder = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
}

void write_marker(const std::string& dir) {
    const fs::path marker = fs::path(dir) / kMarkerName;
    if (is_present(marker)) return;
    // The marker appears whole or not at all: written as an unnamed file, then
    // linked in. Created by name, it was empty for a moment, and a second
    // newsdex-index creating the same new index read it so and refused the
    // folder as not an index (about 1 race in 20 with six at once).
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd >= 0) {
        const std::size_t size = std::strlen(kMarkerText);
        bool linked = false;
        if (::write(fd, kMarkerText, size) == static_cast<ssize_t>(size)) {
            const std::string unnamed = "/proc/self/fd/" + std::to_string(fd);
            // EEXIST: another writer's marker got there first, and is as good.
            linked = ::linkat(AT_FDCWD, unnamed.c_str(), AT_FDCWD, marker.c_str(), AT_SYMLINK_FOLLOW) == 0 ||
                     errno == EEXIST;
        }
        ::close(fd);
        if (linked) return;
    }
    if (is_present(marker)) return;
    std::ofstream out(marker);  // a file system without unnamed files (or no /proc): by name, as before
    out << kMarkerText;
}

bool is_marked(const std::string& dir) { return has_marker(dir); }

bool remove_generation(const std::string& generation) {
    std::error_code error;
    if (!fs::is_directory(fs::symlink_status(generation, error))) return false;
    for (fs::directory_iterator it(generation, error), end; !error && it != end; it.increment(error)) {
        std::error_code ignored;
        // Also the v.tmp Glass writes its next version file in, renamed when done: a writer
        // killed between the two leaves it. Xapian's here, in a folder newsdex made (an index
        // folder holding only a v.tmp is not taken for an interrupted creation).
        const std::string name = it->path().filename().string();
        if ((is_xapian_file_name(name) || name == "v.tmp") && fs::is_regular_file(it->symlink_status(ignored))) {
            fs::remove(it->path(), ignored);
        }
    }
    // The mark last: a removal cut short leaves a folder still known as newsdex's.
    if (!error && has_folder_mark(generation)) fs::remove(fs::path(generation) / kFolderMarkName, error);
    return ::rmdir(generation.c_str()) == 0;  // anything else left in it keeps it
}

void remove_stale_generations(const std::string& dir) {
    const fs::path folder(dir);
    if (!has_marker(folder)) return;
    const std::string current = current_generation(dir);
    std::error_code error;
    fs::remove(folder / (std::string(kStubName) + ".new"), error);
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (!(is_generation_name(name) || is_build_name(name)) || it->path().string() == current) continue;
        if (!it->is_directory(error) || it->is_symlink(error)) continue;
        // Only folders newsdex made and marked: one merely named like them is the user's.
        if (has_folder_mark(it->path())) {
            remove_generation(it->path().string());
        } else if (is_half_made_own_folder(it->path())) {
            fs::remove(it->path() / kFolderMarkName, error);
            ::rmdir(it->path().c_str());
            error.clear();
        }
    }
}

Xapian::Database open_generation(const std::string& dir) {
    // The writer names the new generation before it removes the old one (and,
    // for an index of the older flat layout, before it removes the flat
    // files), so if the stub still names what was opened once it is open,
    // what was opened stayed whole for the whole of the open.
    constexpr int kAttempts = 50;
    for (int attempt = 1;; ++attempt) {
        const std::string named = current_generation(dir);
        try {
            Xapian::Database db = named.empty() ? Xapian::Database(dir) : Xapian::Database(named, Xapian::DB_BACKEND_GLASS);
            if (current_generation(dir) == named || attempt == kAttempts) return db;
        } catch (const Xapian::DatabaseOpeningError&) {
            if (attempt == kAttempts || current_generation(dir) == named) throw;  // no swap under way: a real failure
        }
    }
}

}  // namespace newsdex::index_folder
