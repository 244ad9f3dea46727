// train_name_tagger: learns NameTagger's weights (an averaged perceptron) from
// documents with gold name spans, and writes the weights file the library embeds.
//
//   train_name_tagger DOCS.jsonl OUT.weights [EPOCHS]
//
// DOCS.jsonl: one {"text": ..., "gold": [{"start", "end", "type"}]} per line, the
// form ../shared/tools/eval_conll.py --export-docs writes (offsets in code
// points; CoNLL text is ASCII). Types PER, LOC, ORG, MISC. Run by scripts/train-ner.
// The features see exactly what they see at run time: the gazetteer and
// PersonFinder run on each document's text.
#include "indexer/name_tagger.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using namespace newsdex;

namespace {

struct Doc {
    std::string text;
    std::vector<TaggerToken> toks;
    TokenFeatures features;
    std::vector<int> gold;
};

int type_index(const std::string& t) {
    if (t == "PER") return 0;
    if (t == "LOC") return 1;
    if (t == "ORG") return 2;
    return 3;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 3) {
        std::cerr << "usage: train_name_tagger DOCS.jsonl OUT.weights [EPOCHS]\n";
        return 2;
    }
    const int epochs = argc > 3 ? std::stoi(argv[3]) : 10;
    std::ifstream in(argv[1]);
    if (!in) throw std::runtime_error(std::string("cannot read ") + argv[1]);
    std::vector<Doc> docs;
    std::string line;
    std::size_t tokens = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        Doc d;
        d.text = j.at("text").get<std::string>();
        const auto places = PlaceGazetteer::instance().find(d.text);
        const auto people = PersonFinder::instance().find(d.text, places);
        d.toks = NameTagger::tokenize(d.text);
        d.features = NameTagger::static_features(d.text, d.toks, {places, people});
        d.gold.assign(d.toks.size(), 0);
        for (const auto& g : j.at("gold")) {
            const std::size_t s = g.at("start"), e = g.at("end");
            const int type = type_index(g.at("type"));
            bool first = true;
            for (std::size_t k = 0; k < d.toks.size(); ++k) {
                if (d.toks[k].end <= s || d.toks[k].begin >= e) continue;
                d.gold[k] = first ? 1 + 2 * type : 2 + 2 * type;
                first = false;
            }
        }
        tokens += d.toks.size();
        docs.push_back(std::move(d));
    }
    std::cerr << docs.size() << " documents, " << tokens << " tokens\n";

    constexpr int T = NameTagger::kTags;
    const std::size_t n = NameTagger::kBuckets * T;
    std::vector<float> w(n, 0.0f), acc(n, 0.0f);  // averaged perceptron: avg = w - acc / c
    float c = 1;
    constexpr std::uint32_t kMask = static_cast<std::uint32_t>(NameTagger::kBuckets - 1);
    std::vector<std::size_t> order(docs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::mt19937 rng(17);
    std::vector<std::uint32_t> feats;
    for (int epoch = 0; epoch < epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        std::size_t errors = 0;
        for (std::size_t di : order) {
            const Doc& d = docs[di];
            int prev = 0, prev2 = 0;
            for (std::size_t i = 0; i < d.toks.size(); ++i) {
                if (!d.features.scored(i)) {  // not scored: O, as in NameTagger::decode
                    prev2 = prev;
                    prev = 0;
                    continue;
                }
                feats.assign(d.features.begin(i), d.features.end(i));
                NameTagger::tag_features(d.text, d.toks, i, prev, prev2, &feats);
                float score[T] = {};
                for (std::uint32_t h : feats) {
                    const float* row = &w[static_cast<std::size_t>(h & kMask) * T];
                    for (int t = 0; t < T; ++t) score[t] += row[t];
                }
                int best = 0;
                for (int t = 1; t < T; ++t)
                    if (NameTagger::allowed(prev, t) && score[t] > score[best]) best = t;
                const int gold = d.gold[i];
                if (best != gold) {
                    ++errors;
                    for (std::uint32_t h : feats) {
                        const std::size_t row = static_cast<std::size_t>(h & kMask) * T;
                        w[row + gold] += 1;
                        acc[row + gold] += c;
                        w[row + best] -= 1;
                        acc[row + best] -= c;
                    }
                }
                c += 1;
                prev2 = prev;
                prev = best;
            }
        }
        std::cerr << "epoch " << epoch + 1 << ": " << errors << " token errors ("
                  << 100.0 * static_cast<double>(errors) / static_cast<double>(tokens) << "%)\n";
    }
    float biggest = 0;
    for (std::size_t k = 0; k < n; ++k) {
        w[k] -= acc[k] / c;
        biggest = std::max(biggest, std::fabs(w[k]));
    }
    const float scale = biggest > 0 ? biggest / 32767.0f : 1.0f;
    // Sparse: most buckets never moved. Each non-zero weight is the gap from the
    // previous one's index (LEB128) and its int16 value.
    std::string body;
    std::uint32_t count = 0;
    std::size_t last = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const auto v = static_cast<std::int16_t>(std::lround(w[k] / scale));
        if (v == 0) continue;
        for (std::size_t gap = k - last;; gap >>= 7) {
            body += static_cast<char>((gap & 0x7F) | (gap >= 0x80 ? 0x80 : 0));
            if (gap < 0x80) break;
        }
        last = k;
        body.append(reinterpret_cast<const char*>(&v), 2);
        ++count;
    }
    std::ofstream out(argv[2], std::ios::binary);
    const char magic[8] = {'N', 'D', 'X', 'T', 'A', 'G', '2', '\n'};
    const std::uint32_t bits = NameTagger::kBucketBits, tags = T;
    out.write(magic, 8);
    out.write(reinterpret_cast<const char*>(&bits), 4);
    out.write(reinterpret_cast<const char*>(&tags), 4);
    out.write(reinterpret_cast<const char*>(&scale), 4);
    out.write(reinterpret_cast<const char*>(&count), 4);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    const std::size_t nonzero = count;
    if (!out) throw std::runtime_error(std::string("cannot write ") + argv[2]);
    std::cerr << "wrote " << argv[2] << ": " << nonzero << " of " << n << " weights non-zero\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << "train_name_tagger: " << e.what() << '\n';
    return 2;
}
