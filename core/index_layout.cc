#include "core/index_layout.h"

#include "core/fnv1a.h"

#include <newsdex/error.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <iomanip>
#include <sstream>

namespace newsdex::layout {

std::string bounded_term(std::string_view prefix, std::string_view value) {
    constexpr std::size_t kMaxValueBytes = 200;
    if (value.size() <= kMaxValueBytes) return std::string(prefix) + std::string(value);
    const std::uint64_t hash = fnv1a(value);
    std::ostringstream hashed;
    hashed << std::hex << std::setw(16) << std::setfill('0') << hash;
    return std::string(prefix) + std::string(value.substr(0, kMaxValueBytes - 17)) + "#" + hashed.str();
}

std::string id_term(std::string_view id) { return bounded_term(field("id").term_prefix, id); }

std::string file_term(std::string_view absolute_path) { return bounded_term(kFileTermPrefix, absolute_path); }

namespace {

// The stored record: a format byte, then each field as a varint length and its
// bytes, lists as a varint count and their items. Reading it is a few copies;
// the JSON it replaced cost more than building the snippet from it.
constexpr char kBinaryRecord = '\x01';

void put_varint(std::string& out, std::size_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void put_text(std::string& out, const std::string& text) {
    put_varint(out, text.size());
    out += text;
}

void put_list(std::string& out, const std::vector<std::string>& items) {
    put_varint(out, items.size());
    for (const auto& item : items) put_text(out, item);
}

// Reads what encode_record wrote; a damaged record stops reading, never reads past the end.
class RecordReader {
public:
    explicit RecordReader(std::string_view data) : data_(data) {}

    bool read_varint(std::size_t& value) {
        value = 0;
        for (int shift = 0; shift < 64 && pos_ < data_.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(data_[pos_++]);
            value |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if (byte < 0x80) return true;
        }
        ok_ = false;
        return false;
    }

    void read_text(std::string& text) {
        std::size_t size = 0;
        if (!ok_ || !read_varint(size) || size > data_.size() - pos_) {
            ok_ = false;
            return;
        }
        text.assign(data_.substr(pos_, size));
        pos_ += size;
    }

    void read_list(std::vector<std::string>& items) {
        std::size_t count = 0;
        if (!ok_ || !read_varint(count) || count > data_.size() - pos_) {
            ok_ = false;
            return;
        }
        items.resize(count);
        for (auto& item : items) read_text(item);
        if (!ok_) items.clear();
    }

private:
    std::string_view data_;
    std::size_t pos_ = 1;  // after the format byte
    bool ok_ = true;
};

// Records written before the binary format (newsdex 0.1 indexes).
Article decode_json_record(const std::string& data) {
    Article article;
    const nlohmann::json record = nlohmann::json::parse(data, nullptr, false);
    if (!record.is_object()) return article;
    auto text = [&](std::string_view key) {
        const auto found = record.find(std::string(key));
        return found != record.end() && found->is_string() ? found->get<std::string>() : std::string();
    };
    auto list = [&](std::string_view key) {
        std::vector<std::string> items;
        const auto found = record.find(std::string(key));
        if (found == record.end() || !found->is_array()) return items;
        for (const auto& item : *found) {
            if (item.is_string()) items.push_back(item.get<std::string>());
        }
        return items;
    };
    for (const schema_table::Row* row : schema_table::record_rows()) {
        if (row->text) article.*row->text = text(row->json_key);
        if (row->names) article.*row->names = list(row->json_key);
    }
    return article;
}

}  // namespace

std::string encode_record(const Article& article) {
    std::string out(1, kBinaryRecord);
    out.reserve(article.body.size() + article.title.size() + 256);
    for (const schema_table::Row* row : schema_table::record_rows()) {
        if (row->text) put_text(out, article.*row->text);
        if (row->names) put_list(out, article.*row->names);
    }
    return out;
}

Article decode_record(const std::string& data) {
    Article article;
    if (data.empty()) return article;
    if (data[0] != kBinaryRecord) return decode_json_record(data);
    RecordReader reader(data);
    for (const schema_table::Row* row : schema_table::record_rows()) {
        if (row->text) reader.read_text(article.*row->text);
        if (row->names) reader.read_list(article.*row->names);
    }
    return article;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string joined;
    for (const auto& name : names) {
        if (!joined.empty()) joined += '\n';
        joined += name;
    }
    return joined;
}

std::vector<std::string> split_names(const std::string& joined) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start < joined.size()) {
        std::size_t end = joined.find('\n', start);
        if (end == std::string::npos) end = joined.size();
        if (end > start) names.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return names;
}

Xapian::Stem make_stemmer(const std::string& language) {
    try {
        return Xapian::Stem(language.empty() ? std::string("english") : language);
    } catch (const Xapian::InvalidArgumentError&) {
        throw Error("unknown language '" + language + "'; use one of: " + Xapian::Stem::get_available_languages());
    }
}

}  // namespace newsdex::layout
