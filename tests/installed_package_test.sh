#!/usr/bin/env bash
# The library as a user gets it: install newsdex into a temporary prefix, build
# examples/ against it with find_package(newsdex) — with clang++ when present
# (C++14 by default) and no C++ standard set by the example: the package asks
# for C++17 — and run the examples: search_news, and library_contract (reopen
# after a compacting run, results naming their commit, reopen while an Indexer
# commits, one Searcher shared by threads).
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

compiler=()
if command -v clang++ > /dev/null; then compiler=(-DCMAKE_CXX_COMPILER=clang++); fi
cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$source_dir/examples" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" "${compiler[@]}" \
  > "$work/configure.log"
if ! cmake --build "$work/example" > "$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  exit 1
fi

output=$("$work/example/search_news" "$work/index" "$source_dir/sample_corpus" SCO Astana Putin)
echo "$output" | head -n 4
first=$(echo "$output" | head -n 1)
case "$first" in
  "1. "*Astana*) ;;
  *) echo "installed_package_test: expected the Astana summit article first, got: $first" >&2; exit 1 ;;
esac

"$work/example/library_contract" "$work" "$source_dir/sample_corpus"

# Only the public API is exported (include/newsdex/export.h, cmake/newsdex.map).
library=$(ls "$work"/prefix/lib*/libnewsdex.so | head -n 1)
internal=$(nm -D --defined-only "$library" | c++filt | grep -c -E 'newsdex::(text|layout|shards)::|QueryBuilder|nlohmann' || true)
if [ "$internal" != 0 ]; then
  echo "installed_package_test: libnewsdex.so exports $internal internal symbols" >&2
  exit 1
fi
echo "installed_package_test: ok ($(nm -D --defined-only "$library" | wc -l) symbols exported)"
