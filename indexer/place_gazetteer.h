// PlaceGazetteer: every place name newsdex knows — countries and world regions
// (ICU's display names), cities with their region and country (Debian's
// libgeonames), and a hand-written alias table — precomputed at build time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

enum class PlaceKind { Country, WorldRegion, Region, City };

struct PlaceMatch {
    std::size_t begin;      // byte offsets of the mention in the text
    std::size_t end;
    std::string canonical;  // "Kazakhstan", "Astana", "Central Asia", "United States"
    PlaceKind kind;
    std::string country;    // canonical country of a city or region; empty for countries and world regions
};

// Thread-safe after construction; instance() is cheap (no file is read at run time).
class PlaceGazetteer {
public:
    static const PlaceGazetteer& instance();

    // Every place mention in `text`, in order, longest match first and not
    // overlapping, with the false-positive guards applied (Rome Statute,
    // Washington Post, common words that are also towns, ...).
    std::vector<PlaceMatch> find(std::string_view text) const;

    // The canonical name for a place name or alias ("Nur-Sultan" -> "Astana",
    // "U.S." -> "United States"), case- and accent-insensitive; nothing if unknown.
    std::optional<std::string> canonical_name(std::string_view name) const;

    // The canonical country a canonical city/region lies in; nothing if unknown or a country.
    std::optional<std::string> country_of(std::string_view canonical) const;

private:
    PlaceGazetteer();
};

}  // namespace newsdex
