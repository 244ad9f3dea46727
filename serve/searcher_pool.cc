#include "serve/searcher_pool.h"

#include <newsdex/error.h>

namespace newsdex::serve {

SearcherPool::SearcherPool(std::string db_path, SearcherOptions options, unsigned slots)
    : db_path_(std::move(db_path)),
      options_(options),
      busy_(slots == 0 ? 1 : slots, false),
      reopened_(busy_.size(), std::chrono::steady_clock::now()) {
    for (std::size_t i = 0; i < busy_.size(); ++i) {
        searchers_.push_back(kShareOneSearcher && i > 0 ? searchers_.front()
                                                        : std::make_shared<Searcher>(db_path_, options_));
    }
}

std::optional<SearcherPool::Lease> SearcherPool::acquire(std::chrono::milliseconds wait) {
    std::size_t slot = 0;
    std::shared_ptr<Searcher> searcher;
    bool due = false;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        auto free_slot = [&] {
            for (slot = 0; slot < busy_.size(); ++slot) {
                if (!busy_[slot]) return true;
            }
            return false;
        };
        if (!freed_.wait_for(lock, wait, free_slot)) return std::nullopt;
        busy_[slot] = true;
        searcher = searchers_[slot];
        const auto now = std::chrono::steady_clock::now();
        due = now - reopened_[slot] >= kReopenInterval;
        if (due) reopened_[slot] = now;
    }
    Lease lease(this, slot, std::move(searcher));
    if (!due) return lease;
    // New commits appear without a restart.
    try {
        lease.searcher().reopen();
    } catch (const Error&) {
        lease.renew();  // e.g. the index was compacted and swapped in: open it again
    }
    return lease;
}

SearcherPool::Lease::~Lease() {
    if (!pool_) return;
    {
        std::lock_guard<std::mutex> lock(pool_->mutex_);
        pool_->busy_[slot_] = false;
    }
    pool_->freed_.notify_one();
}

Searcher& SearcherPool::Lease::searcher() { return *searcher_; }

void SearcherPool::Lease::renew() {
    searcher_ = std::make_shared<Searcher>(pool_->db_path_, pool_->options_);
    // Other slots may be searching with the old one (kShareOneSearcher); their leases keep it alive.
    std::lock_guard<std::mutex> lock(pool_->mutex_);
    if (kShareOneSearcher) {
        for (auto& searcher : pool_->searchers_) searcher = searcher_;
    } else {
        pool_->searchers_[slot_] = searcher_;
    }
}

}  // namespace newsdex::serve
