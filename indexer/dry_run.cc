// newsdex-index --dry-run over files and folders: the walk and the reading of
// index_paths, with nothing written.
#include "indexer/article_reader.h"
#include "indexer/folder_walk.h"

#include <newsdex/index.h>

namespace newsdex {

void read_articles_under(const std::vector<std::string>& paths, const IndexOptions& options,
                         const std::function<void(const Article&)>& on_article,
                         const std::function<void(const FileEvent&)>& on_problem) {
    const WalkResult walk = walk_paths(paths);
    for (const auto& [path, reason] : walk.errors) on_problem({path, FileOutcome::Failed, reason});
    for (const auto& [path, reason] : walk.skipped) {
        on_problem({path, FileOutcome::Skipped, reason, SkipReason::NotARegularFile});
    }
    for (const FoundFile& file : walk.files) {
        const std::string path = file.path.string();
        try {
            const FileContents contents = read_article_file(path, path, options);
            for (const FileArticle& one : contents.articles) on_article(one.article);
            // Repairs, lines of an export that could not be read: said as indexing says them.
            if (!contents.notes.empty()) on_problem({path, FileOutcome::Added, contents.notes_line()});
        } catch (const NotAnArticle& e) {
            on_problem({path, FileOutcome::Skipped, e.what(), e.why()});
        } catch (const std::exception& e) {
            on_problem({path, FileOutcome::Failed, e.what()});
        }
    }
}

}  // namespace newsdex
