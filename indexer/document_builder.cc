#include "indexer/document_builder.h"

#include "core/index_layout.h"
#include "core/text.h"
#include "indexer/place_gazetteer.h"

#include <algorithm>

namespace newsdex {

namespace {

// Gap left between separately indexed pieces so a phrase cannot span them.
constexpr Xapian::termpos kPieceGap = 100;

std::string prefix_of(std::string_view field_name) { return std::string(layout::field(field_name).term_prefix); }

}  // namespace

DocumentBuilder::DocumentBuilder(Xapian::Stem stemmer) : stemmer_(std::move(stemmer)) {}

const std::string& DocumentBuilder::stem(const std::string& key) {
    auto found = stem_cache_.find(key);
    if (found != stem_cache_.end()) return found->second;
    if (stem_cache_.size() > 200000) stem_cache_.clear();  // bound memory on huge vocabularies
    return stem_cache_.emplace(key, stemmer_(key)).first->second;
}

void DocumentBuilder::add_text(Xapian::Document& doc, std::string_view text, std::string_view prefix,
                               Xapian::termcount wdf, Xapian::termpos& position) {
    auto& breaker = text::thread_word_breaker();
    std::string term(prefix);
    std::string stemmed(layout::kStemmedPrefix);
    stemmed += prefix;
    for (const text::WordSpan& span : breaker.words(text)) {
        const std::string key = text::term_key(text.substr(span.begin, span.end - span.begin));
        if (key.empty() || key.size() > layout::kMaxWordBytes) continue;
        term.resize(prefix.size());
        term += key;
        doc.add_posting(term, ++position, wdf);
        if (!span.ideographic && text::has_letter(key)) {
            stemmed.resize(layout::kStemmedPrefix.size() + prefix.size());
            stemmed += stem(key);
            doc.add_term(stemmed, wdf);
        }
    }
    position += kPieceGap;
}

void DocumentBuilder::add_path_terms(Xapian::Document& doc, std::string_view path) {
    // The path and every folder above it, so `path:archive/2024` filters a subtree.
    const std::string path_prefix = prefix_of("path");
    while (!path.empty()) {
        if (path.size() + path_prefix.size() <= 240) doc.add_boolean_term(path_prefix + std::string(path));
        const auto slash = path.find_last_of('/');
        if (slash == std::string_view::npos || slash == 0) break;
        path = path.substr(0, slash);
    }
}

Xapian::Document DocumentBuilder::build(const Article& article, const std::string& id,
                                        const std::string& file_signature) {
    Xapian::Document doc;
    Xapian::termpos position = 0;

    // Headline words count in the default field too, with extra weight.
    add_text(doc, article.title, prefix_of("title"), 1, position);
    Xapian::termpos body_position = 0;
    add_text(doc, article.title, "", kTitleWeight, body_position);
    add_text(doc, article.body, "", 1, body_position);

    // A named place counts twice as much as a country implied by one of its
    // cities, so `place:kazakhstan` ranks an article naming Kazakhstan above
    // one that only says Astana.
    const Field& place = layout::field("place");
    Xapian::termpos place_position = 0;
    for (const auto& name : article.places) add_text(doc, name, place.term_prefix, 2, place_position);
    const auto& gazetteer = PlaceGazetteer::instance();
    std::vector<std::string> implied;
    for (const auto& name : article.places) {
        auto country = gazetteer.country_of(name);
        if (country && std::find(article.places.begin(), article.places.end(), *country) == article.places.end() &&
            std::find(implied.begin(), implied.end(), *country) == implied.end()) {
            implied.push_back(*country);
            add_text(doc, *country, place.term_prefix, 1, place_position);
        }
    }
    if (!article.places.empty()) doc.add_value(place.value_slot, layout::join_names(article.places));

    const Field& people = layout::field("people");
    Xapian::termpos people_position = 0;
    for (const auto& name : article.people) add_text(doc, name, people.term_prefix, 1, people_position);
    if (!article.people.empty()) doc.add_value(people.value_slot, layout::join_names(article.people));

    Xapian::termpos source_position = 0, author_position = 0;
    add_text(doc, article.source, prefix_of("source"), 1, source_position);
    add_text(doc, article.author, prefix_of("author"), 1, author_position);
    if (!article.source.empty()) doc.add_value(layout::field("source").value_slot, article.source);

    if (article.date.size() == 10) {  // "YYYY-MM-DD", validated by the reader
        const std::string compact = article.date.substr(0, 4) + article.date.substr(5, 2) + article.date.substr(8, 2);
        doc.add_boolean_term(prefix_of("date") + compact);
        doc.add_boolean_term(prefix_of("month") + compact.substr(0, 6));
        doc.add_boolean_term(prefix_of("year") + compact.substr(0, 4));
        doc.add_value(layout::field("date").value_slot, compact);
    }

    add_path_terms(doc, article.path);
    doc.add_boolean_term(layout::id_term(id));
    doc.add_value(layout::kFileSignatureSlot, file_signature);

    doc.set_data(layout::encode_record(article));
    return doc;
}

}  // namespace newsdex
