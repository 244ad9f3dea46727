#include <newsdex/watch.h>

#include "core/index_folder.h"

#include <newsdex/error.h>

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace newsdex {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// What a folder watch listens for. IN_MODIFY is left out on purpose: a file is
// taken when its writer closes it (IN_CLOSE_WRITE) or it is renamed into place
// (IN_MOVED_TO), never half-written.
constexpr std::uint32_t kFolderEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                        IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
// Enough for hundreds of events per read(); each is 16 bytes plus the name.
constexpr std::size_t kEventBufferBytes = 64 * 1024;

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_hidden_name(const std::string& name) { return !name.empty() && name[0] == '.'; }

// A newsdex index inside the folders (--db news/index) is not followed: the
// watcher's own commits there were changes to it, each a batch, for ever.
bool is_newsdex_index(const fs::path& folder) {
    try {
        return index_folder::is_marked(folder.string());
    } catch (const Error&) {
        return false;
    }
}

// A path as given, normalised ("news/" and "./news" are "news"): the walk and
// every event then show files as a plain run over the same path does, so
// watching an index made by plain runs rewrites nothing.
fs::path normal_form(const std::string& path) {
    std::string normal = fs::path(path).lexically_normal().string();
    while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
    return normal.empty() ? fs::path(".") : fs::path(normal);
}

// True if `path` is `folder` or inside it.
bool is_within(const fs::path& path, const fs::path& folder) {
    const std::string p = path.string(), f = folder.string();
    if (f == ".") return !p.empty() && p[0] != '/' && p.rfind("..", 0) != 0;  // the current folder: any path below it
    if (p.compare(0, f.size(), f) != 0) return false;
    return p.size() == f.size() || f.back() == '/' || p[f.size()] == '/';
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd = -1) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

}  // namespace

bool is_temporary_file_name(const std::string& name) {
    if (name.empty() || name[0] == '.' || name[0] == '#' || name == "4913") return true;
    for (const char* tail : {"~", ".swp", ".swx", ".tmp", ".temp", ".part", ".partial", ".crdownload", ".kate-swp"}) {
        if (ends_with(name, tail)) return true;
    }
    return false;
}

std::string describe_batch(const WatchBatch& batch) {
    std::ostringstream line;
    const IndexReport& r = batch.report;
    line << (batch.walk ? "walked: " : "batch: ") << r.indexed << " indexed, " << r.renamed << " renamed, "
         << batch.removed + r.deleted << " removed, " << r.skipped << " skipped, " << r.failed << " failed";
    if (!batch.last_path.empty()) line << "; last " << batch.last_path;
    line << "; " << batch.waiting << " waiting; " << batch.articles << " articles";
    return line.str();
}

struct FolderWatch::State {
    Indexer& indexer;
    WatchOptions options;
    std::vector<fs::path> roots;          // the paths given, normalised (relative ones stay relative)
    std::set<fs::path> missing_roots;     // roots not there now: followed again when they come back
    int inotify = -1;                     // owned by `inotify_fd`
    std::unique_ptr<FileDescriptor> inotify_fd;
    std::map<int, fs::path> folder_of;    // watch descriptor -> folder
    std::map<fs::path, int> watch_of;     // folder -> watch descriptor
    bool watching_incomplete = false;     // some folder could not be watched: walk them all periodically
    bool limit_reported = false;
    bool walk_due = false;                // inotify lost events (queue overflow): walk everything
    std::set<fs::path> pending;           // paths changed since the last batch
    Clock::time_point first_change, last_change;
    std::function<void(const std::string&)> warn;

    State(Indexer& i, WatchOptions o) : indexer(i), options(o) {}

    // True if changes to `path` concern the index: inside a folder given, or a file given.
    bool followed(const fs::path& path) const {
        for (const fs::path& root : roots) {
            if (is_within(path, root)) return true;
        }
        return false;
    }

    void report_limit(const std::string& why) {
        watching_incomplete = true;
        if (limit_reported || !warn) return;
        limit_reported = true;
        const auto interval = options.rescan_interval.count() ? options.rescan_interval : options.fallback_rescan;
        warn("cannot watch every folder (" + why + ", " + std::to_string(watch_of.size()) +
             " folders watched); raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288` "
             "(and a line in /etc/sysctl.d/ to keep it); meanwhile every folder is walked every " +
             std::to_string(interval.count()) + " s");
    }

    // Watches one folder; false if the watch limit stops it.
    bool watch_folder(const fs::path& given) {
        if (inotify < 0) return false;
        const fs::path folder = normal_form(given.string());
        if (watch_of.count(folder)) return true;
        if (options.max_watches && watch_of.size() >= options.max_watches) {
            report_limit("the limit of " + std::to_string(options.max_watches) + " watches given is reached");
            return false;
        }
        const int wd = ::inotify_add_watch(inotify, folder.c_str(), kFolderEvents);
        if (wd < 0) {
            if (errno == ENOSPC) report_limit("the kernel's inotify watch limit is reached");
            return false;  // gone meanwhile, or unreadable: nothing to follow there
        }
        // One inode watched under two names (a folder moved within the tree): keep the new name.
        if (auto old = folder_of.find(wd); old != folder_of.end()) watch_of.erase(old->second);
        folder_of[wd] = folder;
        watch_of[folder] = wd;
        return true;
    }

    // Watches a folder and every folder below it, as the indexer walks them
    // (hidden folders and symlinked folders left out).
    void watch_tree(const fs::path& top) {
        if (is_newsdex_index(top) || !watch_folder(top)) return;
        std::error_code error;
        fs::recursive_directory_iterator it(top, fs::directory_options::skip_permission_denied, error);
        for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
            const fs::directory_entry& entry = *it;
            std::error_code ignored;
            if (entry.is_symlink(ignored) || !entry.is_directory(ignored)) continue;
            if (is_hidden_name(entry.path().filename().string()) || is_newsdex_index(entry.path()) ||
                !watch_folder(entry.path())) {
                it.disable_recursion_pending();
            }
        }
    }

    // Stops watching `folder` and everything below it (moved away or deleted).
    void unwatch_tree(const fs::path& folder) {
        for (auto it = watch_of.lower_bound(folder); it != watch_of.end() && is_within(it->first, folder);) {
            ::inotify_rm_watch(inotify, it->second);
            folder_of.erase(it->second);
            it = watch_of.erase(it);
        }
    }

    // A root that is gone is followed from its nearest existing parent, so that
    // it is taken up again when it is created anew.
    void follow_missing_root(const fs::path& root) {
        missing_roots.insert(root);
        std::error_code ignored;
        const fs::path absolute = fs::absolute(root, ignored);
        for (fs::path parent = absolute.parent_path(); !parent.empty(); parent = parent.parent_path()) {
            std::error_code error;
            if (fs::is_directory(parent, error)) {
                watch_folder(parent);
                break;
            }
            if (parent == parent.root_path()) break;
        }
    }

    void attach_root(const fs::path& root) {
        std::error_code error;
        const auto status = fs::status(root, error);
        if (!fs::exists(status)) return follow_missing_root(root);
        missing_roots.erase(root);
        if (fs::is_directory(status)) {
            watch_tree(root);
        } else {
            watch_folder(root.parent_path());  // a file given: its folder, for the events about it
        }
    }

    // Roots that came back since: watched again, and walked in the next batch.
    void check_missing_roots() {
        for (const fs::path& root : std::vector<fs::path>(missing_roots.begin(), missing_roots.end())) {
            std::error_code error;
            if (!fs::exists(root, error)) {
                follow_missing_root(root);  // maybe a deeper parent exists now
                continue;
            }
            attach_root(root);
            queue(root);
        }
    }

    void queue(const fs::path& path) {
        const auto now = Clock::now();
        if (pending.empty()) first_change = now;
        last_change = now;
        pending.insert(path);
    }

    void handle(const inotify_event& event) {
        if (event.mask & IN_Q_OVERFLOW) {
            walk_due = true;  // the kernel dropped events: only a walk can tell what changed
            return;
        }
        const auto found = folder_of.find(event.wd);
        if (found == folder_of.end()) return;  // a watch already let go
        const fs::path folder = found->second;
        if (event.mask & IN_IGNORED) {
            watch_of.erase(folder);
            folder_of.erase(found);
            return;
        }
        if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
            // The folder was a root, or the parent watched for a missing root (an absolute path).
            auto below = [&](const fs::path& root) {
                std::error_code ignored;
                return is_within(root, folder) || is_within(fs::absolute(root, ignored), folder);
            };
            if (std::any_of(roots.begin(), roots.end(), below)) {
                unwatch_tree(folder);
                for (const fs::path& root : roots) {
                    if (below(root)) {
                        follow_missing_root(root);
                        queue(root);  // its articles go (with remove_deleted) unless it is back by then
                    }
                }
            }
            return;
        }
        const std::string name = event.len ? std::string(event.name) : std::string();
        if (name.empty()) return;
        const fs::path path = (folder / name).lexically_normal();
        const bool is_folder = event.mask & IN_ISDIR;
        if (!missing_roots.empty() && (event.mask & (IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE))) check_missing_roots();
        if (is_folder && (event.mask & (IN_CREATE | IN_MOVED_TO))) {
            if (!followed(path) || is_hidden_name(name)) return;
            watch_tree(path);
            queue(path);  // files written into it before its watch began are found by walking it
            return;
        }
        if (!followed(path)) return;
        if (is_folder) {  // deleted or moved away
            unwatch_tree(path);
            queue(path);
            return;
        }
        if (is_temporary_file_name(name)) return;
        if (event.mask & IN_CREATE) {
            // A new file is taken when closed; a symbolic link is never "closed".
            struct stat info {};
            if (::lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return;
        }
        queue(path);
    }

    // Reads what inotify has; false if nothing was there.
    bool read_events() {
        alignas(inotify_event) char buffer[kEventBufferBytes];
        const ssize_t length = ::read(inotify, buffer, sizeof buffer);
        if (length <= 0) return false;
        for (ssize_t at = 0; at < length;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
            handle(*event);
            at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
        return true;
    }

    // Writes the changes waiting: files there now are indexed, paths gone have their articles removed.
    WatchBatch write_batch(const ProgressCallback& progress) {
        WatchBatch batch;
        std::vector<std::string> present, gone;
        for (const fs::path& path : pending) {
            struct stat info {};
            struct stat target {};
            if (::lstat(path.c_str(), &info) != 0) {
                gone.push_back(path.string());
            } else if (S_ISLNK(info.st_mode) && ::stat(path.c_str(), &target) == 0 && S_ISDIR(target.st_mode)) {
                // A symbolic link to a folder is never walked, as in a walk of the folders. Named
                // to index_paths it was a folder given, walked, and a root under which the files
                // of other links leading there counted as inside (trial: a watched folder leaked
                // a linked-in folder and a linked file outside it).
                continue;
            } else if (S_ISREG(info.st_mode) || S_ISLNK(info.st_mode) || S_ISDIR(info.st_mode)) {
                present.push_back(path.string());
            }
        }
        pending.clear();
        if (!gone.empty() && options.remove_deleted) {
            batch.removed = indexer.remove_paths(gone);
            batch.last_path = gone.back();
        }
        if (!present.empty()) {
            batch.report = indexer.index_paths(present, [&](const FileEvent& event, std::size_t done, std::size_t total) {
                batch.last_path = event.path;
                if (progress) progress(event, done, total);
            });
        } else {
            indexer.commit();
        }
        batch.articles = indexer.document_count();
        return batch;
    }

    WatchBatch walk_everything(const ProgressCallback& progress) {
        walk_due = false;
        std::vector<std::string> present;
        for (const fs::path& root : roots) {
            std::error_code error;
            if (fs::exists(root, error)) present.push_back(root.string());
        }
        WatchBatch batch;
        batch.walk = true;
        if (!present.empty()) batch.report = indexer.index_paths(present, progress);
        batch.articles = indexer.document_count();
        return batch;
    }
};

FolderWatch::FolderWatch(Indexer& indexer, std::vector<std::string> paths, WatchOptions options)
    : state_(std::make_unique<State>(indexer, options)) {
    for (const std::string& path : paths) state_->roots.push_back(normal_form(path));
    if (options.batch_files == 0) state_->options.batch_files = 1;
}

FolderWatch::~FolderWatch() = default;

int FolderWatch::run(const std::function<void(const WatchBatch&)>& on_batch,
                     const std::function<void(const std::string&)>& on_warning, const ProgressCallback& progress) {
    State& state = *state_;
    state.warn = on_warning;
    state.inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (state.inotify < 0) {
        state.report_limit(std::string("inotify is not available: ") + std::strerror(errno));
    }
    state.inotify_fd = std::make_unique<FileDescriptor>(state.inotify);
    // Watches first, then the walk: a file written meanwhile is seen by one or the other.
    for (const fs::path& root : state.roots) state.attach_root(root);
    WatchBatch first_walk = state.walk_everything(progress);

    // From here SIGINT and SIGTERM arrive as data, between batches, never in the middle of one
    // (during the first walk they act as in a plain run). Blocked before the first walk is
    // reported, so a signal sent once that is seen never finds them unblocked.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGHUP);  // the terminal closed: stop as cleanly
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
    struct RestoreMask {
        sigset_t mask;
        ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
    } restore{previous};
    FileDescriptor signals(::signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK));
    if (signals.get() < 0) throw Error(std::string("cannot receive signals: ") + std::strerror(errno));
    on_batch(first_walk);

    auto walk_interval = [&] {
        if (state.options.rescan_interval.count()) return std::chrono::duration_cast<Clock::duration>(state.options.rescan_interval);
        if (state.watching_incomplete) return std::chrono::duration_cast<Clock::duration>(state.options.fallback_rescan);
        return Clock::duration::zero();
    };
    Clock::time_point last_walk = Clock::now();
    auto finish_batch = [&](WatchBatch batch) {
        batch.waiting = state.pending.size();
        on_batch(batch);
    };

    for (;;) {
        const auto now = Clock::now();
        Clock::time_point wake = Clock::time_point::max();
        if (!state.pending.empty()) {
            wake = std::min(state.last_change + state.options.quiet_period, state.first_change + state.options.max_delay);
        }
        if (walk_interval() != Clock::duration::zero()) wake = std::min(wake, last_walk + walk_interval());
        int timeout_ms = -1;
        if (wake != Clock::time_point::max()) {
            timeout_ms = static_cast<int>(std::max<long long>(
                0, std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count() + 1));
        }
        pollfd fds[2] = {{signals.get(), POLLIN, 0}, {state.inotify, POLLIN, 0}};
        const int ready = ::poll(fds, state.inotify >= 0 ? 2 : 1, timeout_ms);
        if (ready < 0 && errno != EINTR) throw Error(std::string("waiting for changes failed: ") + std::strerror(errno));
        if (ready > 0 && (fds[0].revents & POLLIN)) {
            signalfd_siginfo info{};
            [[maybe_unused]] const auto got = ::read(signals.get(), &info, sizeof info);
            if (!state.pending.empty()) finish_batch(state.write_batch(progress));
            state.indexer.commit();
            return static_cast<int>(info.ssi_signo);
        }
        if (ready > 0 && state.inotify >= 0 && (fds[1].revents & POLLIN)) {
            // Read until the queue is empty or a batch is full: memory stays bounded,
            // and what the kernel holds meanwhile waits there (or overflows into a walk).
            while (state.pending.size() < state.options.batch_files && state.read_events()) {
            }
        }
        const auto after = Clock::now();
        if (state.walk_due || (walk_interval() != Clock::duration::zero() && after >= last_walk + walk_interval())) {
            if (!state.pending.empty()) finish_batch(state.write_batch(progress));
            finish_batch(state.walk_everything(progress));
            last_walk = Clock::now();
            continue;
        }
        if (state.pending.empty()) continue;
        if (state.pending.size() >= state.options.batch_files || after >= state.last_change + state.options.quiet_period ||
            after >= state.first_change + state.options.max_delay) {
            finish_batch(state.write_batch(progress));
        }
    }
}

}  // namespace newsdex
