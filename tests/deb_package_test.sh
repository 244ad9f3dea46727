#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` builds it with Depends computed by
# dpkg-shlibdeps; it holds the library, headers, CMake and pkg-config files,
# tools, man pages, completions and the Python module; unpacked into a scratch
# root (dpkg -x), its tools index and search and its Python module imports.
#   deb_package_test.sh BUILD_DIR SOURCE_DIR [PYTHON]
set -euo pipefail
build_dir=$(realpath "$1")
source_dir=$(realpath "$2")
python=${3:-}  # empty: built without the Python module
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "deb_package_test: $*" >&2; exit 1; }

cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/cpack" > "$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(find "$work/cpack" -maxdepth 1 -name 'newsdex_*.deb')
[ -n "$deb" ] || fail "no .deb in $work/cpack"
echo "deb_package_test: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
grep -q 'libxapian30' <<<"$depends" || fail "Depends does not name libxapian30"
grep -q 'libicu' <<<"$depends" || fail "Depends does not name libicu"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for pattern in '^\./usr/bin/newsdex-index$' '^\./usr/bin/newsdex-query$' '^\./usr/include/newsdex/newsdex\.h$' \
               '^\./usr/lib/.*libnewsdex\.so\.0' '^\./usr/lib/.*cmake/newsdex/newsdexConfig\.cmake$' \
               '^\./usr/lib/.*pkgconfig/newsdex\.pc$' '^\./usr/share/man/man1/newsdex-index\.1' \
               '^\./usr/share/man/man1/newsdex-query\.1' '^\./usr/share/bash-completion/completions/newsdex-query$' \
               '^\./usr/share/bash-completion/completions/newsdex-index$'; do
  grep -q "$pattern" <<<"$contents" || fail "the .deb has nothing matching $pattern"
done
if [ -n "$python" ]; then
  for pattern in '^\./usr/lib/python3/dist-packages/newsdex\.cpython-.*\.so$' '^\./usr/lib/python3/dist-packages/newsdex\.pyi$'; do
    grep -q "$pattern" <<<"$contents" || fail "the .deb has nothing matching $pattern"
  done
fi

root=$work/root
dpkg -x "$deb" "$root"
unset LD_LIBRARY_PATH
linked=$(ldd "$root/usr/bin/newsdex-query" | grep libnewsdex || true)
grep -q "libnewsdex.so.0 => $root/" <<<"$linked" || fail "newsdex-query does not use the package's library: $linked"
"$root/usr/bin/newsdex-index" --db "$work/index" --quiet "$source_dir/sample_corpus"
first=$("$root/usr/bin/newsdex-query" --db "$work/index" --format '{path}' SCO Astana Putin | head -n 1)
case "$first" in
  *sco-leaders-gather-in-astana.txt) ;;
  *) fail "the packaged newsdex-query: expected the Astana article first, got $first" ;;
esac
if [ -n "$python" ]; then
  # (from $work: python -c puts the current folder first on sys.path, and the build tree has a newsdex too)
  first=$(cd "$work" && PYTHONPATH=$root/usr/lib/python3/dist-packages "$python" -c '
import sys, newsdex
assert newsdex.__file__.startswith(sys.argv[2]), newsdex.__file__
print(newsdex.Searcher(sys.argv[1]).search("SCO Astana Putin").hits[0].path)' "$work/index" "$root/")
  case "$first" in
    *sco-leaders-gather-in-astana.txt) ;;
    *) fail "the packaged Python module: expected the Astana article first, got $first" ;;
  esac
fi
LC_ALL=C.UTF-8 man -l "$root"/usr/share/man/man1/newsdex-query.1* | grep -q "^SYNOPSIS" || fail "packaged man page"
echo "deb_package_test: ok"
