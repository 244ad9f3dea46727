#!/usr/bin/env bash
# What `cmake --install build --prefix P` lays out, used as a user would:
# pkg-config compiles a program against the library, man -l renders both man
# pages, bash completes options, --sort values and field prefixes, Debian's
# python3 imports the module, and the tools say their version.
#   packaging_test.sh BUILD_DIR SOURCE_DIR [PYTHON]
set -euo pipefail
build_dir=$1
source_dir=$(realpath "$2")
python=${3:-}  # empty: built without the Python module
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "packaging_test: $*" >&2; exit 1; }

cmake --install "$build_dir" --prefix "$prefix" > "$work/install.log"
libdir=$(dirname "$(find "$prefix" -name 'libnewsdex.so' | head -n 1)")
for file in bin/newsdex-index bin/newsdex-query include/newsdex/newsdex.h \
            share/man/man1/newsdex-index.1 share/man/man1/newsdex-query.1 \
            share/bash-completion/completions/newsdex-index share/bash-completion/completions/newsdex-query \
            share/bash-completion/completions/newsdex-serve share/man/man1/newsdex-serve.1; do
  [ -e "$prefix/$file" ] || fail "missing $file"
done
[ -e "$libdir/cmake/newsdex/newsdexConfig.cmake" ] || fail "missing the CMake package"
[ -e "$libdir/pkgconfig/newsdex.pc" ] || fail "missing newsdex.pc beside the CMake package"

# --version
[ "$("$prefix/bin/newsdex-index" --version)" = "newsdex-index $(sed -n 's/^Version: //p' "$libdir/pkgconfig/newsdex.pc")" ] \
  || fail "newsdex-index --version: $("$prefix/bin/newsdex-index" --version)"
"$prefix/bin/newsdex-query" --version | grep -qx 'newsdex-query [0-9]*\.[0-9]*\.[0-9]*' || fail "newsdex-query --version"

# pkg-config: a program compiled and linked with its flags alone runs.
export PKG_CONFIG_PATH=$libdir/pkgconfig
[ "$(pkg-config --variable=prefix newsdex | xargs realpath)" = "$(realpath "$prefix")" ] || fail "pkg-config prefix"
cat > "$work/fields.cc" <<'CC'
#include <newsdex/newsdex.h>
#include <iostream>
int main() {
    const newsdex::Article article = newsdex::parse_text_article("Title: Talks\n\nPresident Vladimir Putin spoke in Astana.");
    std::cout << article.title << "|" << article.people.at(0) << "\n";
}
CC
# shellcheck disable=SC2046
c++ -std=c++17 "$work/fields.cc" -o "$work/fields" $(pkg-config --cflags --libs newsdex) -Wl,-rpath,"$libdir"
[ "$("$work/fields")" = "Talks|Vladimir Putin" ] || fail "program built with pkg-config printed: $("$work/fields")"

# man -l renders both pages, without groff warnings, with the tool's options and the README's examples.
for tool in newsdex-index newsdex-query newsdex-serve; do
  page=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$prefix/share/man/man1/$tool.1" 2> "$work/man.err")
  [ ! -s "$work/man.err" ] || fail "man -l $tool.1 warned: $(cat "$work/man.err")"
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES; do
    grep -q "^$section" <<<"$page" || fail "$tool.1 has no $section section"
  done
  grep -q -- "--version" <<<"$page" || fail "$tool.1 does not list --version"
done
grep -q -- "--sort ARG" <<<"$(LC_ALL=C.UTF-8 man -l "$prefix/share/man/man1/newsdex-query.1")" || fail "newsdex-query.1: no --sort"
grep -q "people:putin" <<<"$(LC_ALL=C.UTF-8 man -l "$prefix/share/man/man1/newsdex-query.1")" || fail "newsdex-query.1: no README query examples"

# bash completion, as bash-completion loads it for each tool.
completions=$(PATH="$prefix/bin:$PATH" bash -c '
  source "$1/share/bash-completion/completions/newsdex-query"
  complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _newsdex "$1"; echo "${COMPREPLY[*]}"; }
  complete_words newsdex-query --so
  complete_words newsdex-query --sort ""
  complete_words newsdex-query peo
  complete_words newsdex-index --no-c' _ "$prefix")
[ "$completions" = $'--sort\nrelevance newest oldest\npeople:\n--no-compact' ] || fail "completions: $completions"

# Debian's python3 imports the installed module, which finds the installed library.
if [ -n "$python" ]; then
  pydir=$(dirname "$(find "$prefix" -name 'newsdex.cpython-*.so' | head -n 1)")
  [ -e "$pydir/newsdex.pyi" ] || fail "missing newsdex.pyi beside the module"
  first=$(cd "$work" && PYTHONPATH=$pydir "$python" -c '
import sys, newsdex
with newsdex.Indexer(sys.argv[1]) as indexer:
    indexer.index(sys.argv[2])
print(newsdex.Searcher(sys.argv[1]).search("SCO Astana Putin").hits[0].path)' "$work/index" "$source_dir/sample_corpus")
  case "$first" in
    *sco-leaders-gather-in-astana.txt) ;;
    *) fail "installed Python module: expected the Astana article first, got $first" ;;
  esac
fi
echo "packaging_test: ok"
