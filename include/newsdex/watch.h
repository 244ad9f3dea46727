// newsdex/watch.h — following folders after indexing them (newsdex-index --watch): Linux inotify
// reports new, changed, moved and deleted files, which reach the index in small
// debounced batches through the ordinary Indexer.
#pragma once

#include <newsdex/export.h>

#include <newsdex/index.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace newsdex {

struct WatchOptions {
    // A batch is written once no change came for quiet_period, or max_delay after
    // its first change, or as soon as batch_files files wait: at idle a new file is
    // searchable well within a second of being closed, and a burst fills whole batches.
    std::chrono::milliseconds quiet_period{150};
    std::chrono::milliseconds max_delay{800};
    std::size_t batch_files = 1000;
    std::chrono::seconds rescan_interval{0};   // also walk every folder this often (0: only when inotify cannot see them all)
    std::chrono::seconds fallback_rescan{60};  // the walk's interval when inotify falls short and rescan_interval is 0
    std::size_t max_watches = 0;               // watch at most this many folders (0: as many as the kernel allows)
    bool remove_deleted = true;                // remove the articles of files deleted or moved away
};

// What one batch (or one walk of every folder) did.
struct WatchBatch {
    IndexReport report;         // the files looked at, as Indexer::index_paths reports them
    std::size_t removed = 0;    // articles removed because their files were deleted or moved away
    std::size_t waiting = 0;    // changes already seen for the next batch
    std::size_t articles = 0;   // articles in the index after the batch
    std::string last_path;      // the last file indexed or removed
    bool walk = false;          // a walk of every folder: the start, --rescan-interval, or inotify's queue overflowing
};

// True for names of editors' and downloaders' temporary files ("#a.txt#",
// "a.txt~", ".a.txt.swp", "a.txt.part", vim's "4913"), which are never indexed.
NEWSDEX_API bool is_temporary_file_name(const std::string& name);

// One line saying what a batch did, for a log or a status line.
NEWSDEX_API std::string describe_batch(const WatchBatch& batch);

// Watches folders (and single files) for one Indexer. Linux only.
class NEWSDEX_API FolderWatch {
public:
    FolderWatch(Indexer& indexer, std::vector<std::string> paths, WatchOptions options = {});
    ~FolderWatch();
    FolderWatch(const FolderWatch&) = delete;
    FolderWatch& operator=(const FolderWatch&) = delete;

    // Brings the index in step with the paths (as index_paths does), then follows
    // them until SIGINT, SIGTERM or SIGHUP, calling on_batch after every committed batch and
    // on_warning for problems worth saying once (the inotify watch limit). The
    // signals are blocked while following and read in the loop: the batch in hand
    // is committed before returning the signal's number. Throws Error if the index
    // cannot be written.
    int run(const std::function<void(const WatchBatch&)>& on_batch,
            const std::function<void(const std::string&)>& on_warning, const ProgressCallback& progress = {});

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace newsdex
