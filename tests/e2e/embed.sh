# libfolio as an installed library: `cmake --install` into a prefix, then a C program built with
# pkg-config against the installed folio.h and folio.pc (examples/embed.c).
. "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$FOLIO_SEARCH")
PREFIX="$WORK/prefix"

run cmake --install "$BUILD" --prefix "$PREFIX"
check_eq "cmake --install" 0 "$status"
for f in include/folio.h bin/folio-index bin/folio-search share/man/man1/folio-search.1; do
  [ -e "$PREFIX/$f" ] && pass || fail "installed $f"
done
pc=$(find "$PREFIX" -name folio.pc | head -n 1)
check_contains "folio.pc installed" "folio.pc" "$pc"

# The installed library exports exactly the functions folio.h declares (FOLIO_EXTERN), nothing internal.
lib=$(find "$PREFIX" -name 'libfolio.so.*.*' | head -n 1)
if [ -n "$lib" ]; then
  declared=$(grep -oE '^FOLIO_EXTERN [^(]*[^a-z_]folio_[a-z0-9_]+\(' "$PREFIX/include/folio.h" |
    grep -oE 'folio_[a-z0-9_]+\($' | tr -d '(' | sort)
  # Global symbols only (upper-case types): a sanitizer build keeps a local std:: helper in the table.
  exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[A-Z]$/ {print $NF}' | sort)
  check_eq "exported symbols are folio.h's: $(diff <(echo "$declared") <(echo "$exported") | head -c 600)" \
    "$declared" "$exported"
  check_contains "folio.h declares the API" "folio_search" "$declared"
else
  fail "installed libfolio.so not found under $PREFIX"
fi

export PKG_CONFIG_PATH=$(dirname "$pc")
# The compiler of this build, and its sanitizer flags when libfolio was built with them.
run sh -c "${FOLIO_CC:-cc} -std=c11 -Wall -Werror '$FOLIO_SOURCE/examples/embed.c' \$(pkg-config --cflags --libs folio) ${FOLIO_CC_FLAGS:-} -o '$WORK/embed'"
check_eq "example builds against the installed library: $err" 0 "$status"
libdir=$(pkg-config --variable=libdir folio)
run env LD_LIBRARY_PATH="$libdir" "$WORK/embed" "$WORK/example.db"
check_eq "example runs" 0 "$status"
check_contains "stemmed match with a snippet" "1 a Filming in Xinjiang | He secretly filmed the camps." "$out"
check_not_contains "only the matching document" "Cooking" "$out"

finish
