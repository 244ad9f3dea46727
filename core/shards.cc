#include "core/shards.h"

#include "core/fnv1a.h"
#include "core/index_folder.h"

#include <newsdex/error.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsdex::shards {

namespace fs = std::filesystem;

std::string dictionary_path(const std::string& index_dir) { return (fs::path(index_dir) / "dictionary").string(); }

std::string stub_path(const std::string& index_dir) { return (fs::path(index_dir) / "XAPIANDB").string(); }

bool is_sharded(const std::string& index_dir) {
    std::error_code error;
    // A stub naming one generation of a single index is not a sharded index (core/index_folder.h).
    return fs::is_regular_file(stub_path(index_dir), error) && index_folder::current_generation(index_dir).empty();
}

std::vector<Shard> read_stub(const std::string& index_dir) {
    std::ifstream in(stub_path(index_dir));
    if (!in) throw Error("cannot read the shard list " + stub_path(index_dir));
    std::vector<Shard> shards;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream words(line);
        std::string kind, where;
        words >> kind >> where;
        if (kind.empty() || kind[0] == '#') continue;
        Shard shard;
        shard.line = line;
        if (kind == "auto" || kind == "glass" || kind == "chert") {
            const fs::path path(where);
            shard.path = (path.is_absolute() ? path : fs::path(index_dir) / path).lexically_normal().string();
            shard.dictionary = fs::path(shard.path).filename() == "dictionary";
        } else if (kind == "remote" && where.rfind(':') != std::string::npos && where.rfind(':') + 1 < where.size()) {
            const auto colon = where.rfind(':');
            shard.host = where.substr(0, colon);
            try {
                shard.port = static_cast<unsigned>(std::stoul(where.substr(colon + 1)));
            } catch (const std::exception&) {
                shard.port = 0;
            }
            if (shard.host.empty() || shard.port == 0 || shard.port > 65535) {
                throw Error(stub_path(index_dir) + " line " + std::to_string(number) + ": '" + line +
                            "' is not 'remote HOST:PORT'");
            }
        } else {
            throw Error(stub_path(index_dir) + " line " + std::to_string(number) + ": '" + line +
                        "' is neither 'auto PATH' nor 'remote HOST:PORT'");
        }
        shards.push_back(std::move(shard));
    }
    if (shards.empty()) throw Error(stub_path(index_dir) + " lists no shards");
    return shards;
}

std::vector<std::string> create_local(const std::string& index_dir, std::size_t count) {
    std::error_code error;
    if (fs::exists(index_dir, error) && !fs::is_empty(index_dir, error)) {
        throw Error(index_dir + " already holds an index that is not sharded; shard a new index folder");
    }
    fs::create_directories(index_dir, error);
    if (error) throw Error("cannot create " + index_dir + ": " + error.message());
    std::vector<std::string> paths;
    std::ostringstream stub;
    stub << "# newsdex shards: one line each, 'auto FOLDER' or 'remote HOST:PORT' (xapian-tcpsrv)\n";
    for (std::size_t i = 0; i < count; ++i) {
        const std::string name = "shard-" + std::to_string(i);
        stub << "auto " << name << "\n";
        paths.push_back((fs::path(index_dir) / name).string());
    }
    stub << "auto dictionary\n";
    std::ofstream out(stub_path(index_dir));
    out << stub.str();
    if (!out) throw Error("cannot write " + stub_path(index_dir));
    return paths;
}

std::size_t shard_of(const std::string& file_id, std::size_t shard_count) {
    const std::uint64_t hash = fnv1a(file_id);  // the same on every build and machine
    return shard_count ? static_cast<std::size_t>(hash % shard_count) : 0;
}

}  // namespace newsdex::shards
