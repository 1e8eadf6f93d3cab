#!/usr/bin/env bash
# One command for a locked-down GPU node (no internet, no package manager): builds the
# `portable` preset (no -march=native, CUDA backend when nvcc is present, CUDA runtime
# linked statically) and packs the binary with the shared libraries it needs into
#   dist/ridgeline-<version>-<arch>/{ridgeline, lib/, results/datasheets/, README.md}
# and dist/ridgeline-<version>-<arch>.tar.gz. The binary finds lib/ through its RPATH
# ($ORIGIN/lib). glibc, libcuda and libnvidia-ml are left out on purpose: they belong
# to the target's OS and driver (NVML is opened at run time and is optional).
# With the CUDA backend the binary links cuBLASLt (the gemm kernel), a shared library
# only (libcublasLt.so.<major>, ~0.5 GiB): it is copied into lib/ like the others and
# is most of the bundle's size. It needs the driver that its CUDA version needs, as the
# statically linked runtime does; without it in lib/ the binary would not start at all.
#
#   scripts/bundle.sh                      # configure, build, pack
#   scripts/bundle.sh --build-dir DIR      # pack an existing build (no configure/build)
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bundle.sh: unknown argument '$1' (expected --build-dir DIR)" >&2; exit 2 ;;
  esac
done

if [[ -z "$build_dir" ]]; then
  build_dir=build-portable
  cmake --preset portable -DCMAKE_BUILD_RPATH='$ORIGIN/lib' >/dev/null
  cmake --build --preset portable -j"$(nproc)" --target ridgeline
fi
binary="$build_dir/ridgeline"
[[ -x "$binary" ]] || { echo "bundle.sh: no ridgeline binary in $build_dir" >&2; exit 2; }

version="$(grep -oP 'project\(ridgeline VERSION \K[0-9.]+' CMakeLists.txt)"
name="ridgeline-${version}-$(uname -m)"
dest="dist/$name"
rm -rf "$dest"
mkdir -p "$dest/lib" "$dest/results"
cp "$binary" "$dest/ridgeline"

# Shared libraries of the binary, except the C library family and the GPU driver's.
skip='^(linux-vdso|ld-linux|libc\.|libm\.|libdl\.|libpthread\.|librt\.|libcuda\.|libnvidia-ml\.)'
ldd "$binary" | awk '/=> \//{print $1, $3}' | while read -r soname path; do
  if [[ "$soname" =~ $skip ]]; then continue; fi
  cp -L "$path" "$dest/lib/$soname"
done

# A CUDA build that needs cuBLASLt must carry it (ldd found it above, or it is missing).
if readelf -d "$binary" | grep -q 'NEEDED.*libcublasLt'; then
  ls "$dest/lib"/libcublasLt.so.* >/dev/null 2>&1 || {
    echo "bundle.sh: $binary needs libcublasLt but ldd did not resolve it; add the CUDA" \
         "toolkit's lib64 to LD_LIBRARY_PATH and run again" >&2
    exit 2
  }
fi

# Make sure the copy finds lib/ wherever it is unpacked.
if ! readelf -d "$dest/ridgeline" | grep -q 'ORIGIN/lib'; then
  if command -v patchelf >/dev/null; then
    patchelf --set-rpath '$ORIGIN/lib' "$dest/ridgeline"
  else
    echo "bundle.sh: $binary has no \$ORIGIN/lib RPATH and patchelf is missing;" \
         "rebuild without --build-dir" >&2
    exit 2
  fi
fi

cp -r results/datasheets "$dest/results/"
cp README.md "$dest/"
tar -C dist -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1), libraries: $(ls "$dest/lib" | tr '\n' ' ')"
echo "on the GPU host: tar xzf $name.tar.gz && $name/ridgeline devices && $name/ridgeline run --out result.json"
