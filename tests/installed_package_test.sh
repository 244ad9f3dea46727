#!/usr/bin/env bash
# The library as a user gets it: install newsdex into a temporary prefix, build
# examples/ against it with find_package(newsdex), and run the example.
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$source_dir/examples" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/example" > "$work/build.log"

output=$("$work/example/search_news" "$work/index" "$source_dir/sample_corpus" SCO Astana Putin)
echo "$output" | head -n 4
first=$(echo "$output" | head -n 1)
case "$first" in
  "1. "*Astana*) echo "installed_package_test: ok" ;;
  *) echo "installed_package_test: expected the Astana summit article first, got: $first" >&2; exit 1 ;;
esac
