// newsdex-serve's searchers: a fixed number of search slots over one index,
// each lent to one request at a time, brought up to the index's latest commit
// when lent. This is the ONE place that knows whether newsdex::Searcher may be
// shared between threads (kShareOneSearcher).
#pragma once

#include <newsdex/search.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace newsdex::serve {

// newsdex::Searcher is safe to share between threads (a pool of Xapian handles
// inside), so every slot lends the same Searcher; the slots still bound how
// many searches run at once. False gives each slot a Searcher of its own.
inline constexpr bool kShareOneSearcher = true;

// How often a slot's Searcher is brought up to the latest commit: at most once
// per interval, when next lent. Xapian's own reopen() is cheap when nothing
// changed (tens of microseconds), but a reopen that opens the index afresh is
// not; a tenth of a second keeps it off most requests and new articles still
// appear at once to a person.
inline constexpr std::chrono::milliseconds kReopenInterval{100};

class SearcherPool {
public:
    // Opens the index once per slot (once in all if kShareOneSearcher).
    // Throws Error if the index cannot be opened.
    SearcherPool(std::string db_path, SearcherOptions options, unsigned slots);

    // One slot, held for the life of the Lease.
    class Lease {
    public:
        Lease(Lease&& other) noexcept : pool_(other.pool_), slot_(other.slot_), searcher_(std::move(other.searcher_)) {
            other.pool_ = nullptr;
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        Searcher& searcher();
        // Replaces the slot's Searcher by a freshly opened one (after an error that reopening did not cure).
        void renew();

    private:
        friend class SearcherPool;
        Lease(SearcherPool* pool, std::size_t slot, std::shared_ptr<Searcher> searcher)
            : pool_(pool), slot_(slot), searcher_(std::move(searcher)) {}
        SearcherPool* pool_;
        std::size_t slot_;
        std::shared_ptr<Searcher> searcher_;  // kept alive while lent, even if the slot is renewed meanwhile
    };

    // A free slot whose Searcher sees the latest commit (as of kReopenInterval ago at most), waiting at most `wait`
    // for one; nullopt if every slot stayed busy that long.
    std::optional<Lease> acquire(std::chrono::milliseconds wait);

    unsigned slots() const { return static_cast<unsigned>(busy_.size()); }

private:
    std::string db_path_;
    SearcherOptions options_;
    std::vector<std::shared_ptr<Searcher>> searchers_;  // one per slot; all the same one if kShareOneSearcher
    std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<bool> busy_;
    std::vector<std::chrono::steady_clock::time_point> reopened_;  // per slot, when last brought up to date
};

}  // namespace newsdex::serve
