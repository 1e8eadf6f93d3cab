#!/usr/bin/env bash
# One tarball for a locked-down GPU host (no internet, no package manager, a few dozen MiB
# that may travel): builds the `portable` preset (no -march=native; the CPU's compute
# kernels pick x86-64-v3 or v4 at run time) with the CUDA backend as a plugin, and packs
#   dist/ridgeline-<version>-<arch>/
#     ridgeline                  the binary (RUNPATH $ORIGIN/lib), links no GPU library
#     plugins/libridgeline_cuda.so   loaded at run time where the driver is (cudart static)
#     tests/ridgeline_cuda_tests, tests/ridgeline_gpu_tests   the GPU unit tests
#     lib/                       every shared library those need beyond glibc and the driver
#     results/datasheets/, scripts/ (device_check.sh and its peers), README.md, MANIFEST
# into dist/ridgeline-<version>-<arch>.tar.gz, at most 32 MiB. Left out on purpose: glibc,
# libcuda and libnvidia-ml (the host's OS and driver; NVML is opened at run time and is
# optional), cuBLASLt (0.5 GiB, opened at run time from the toolkit, the loader's path,
# Python's nvidia-cublas wheel or RIDGELINE_CUBLASLT), and the HIP plugin (it needs ROCm's
# runtime, hundreds of MiB of its own; on an AMD host build there).
#
# It checks itself before it says done: the tarball's size, and `ldd` of every ELF file in
# it, which may resolve only to glibc, the driver, or what lib/ carries (the binary,
# plugins and tests to lib/ itself, through their RUNPATH).
#
#   scripts/bundle.sh                        # configure, build and pack the portable preset
#   scripts/bundle.sh --build-dir DIR        # pack an existing build (tests: the default one)
#   scripts/bundle.sh --out DIR              # write DIR/ridgeline-<version>-<arch>{,.tar.gz}
#   scripts/bundle.sh --max-mib N            # the size it must fit (default 32)
#   scripts/bundle.sh --cuda-architectures "90a"   # fewer GPU targets, a smaller bundle
# BabelStream's source, where peers/BabelStream holds it (an ignored folder, never
# committed), travels too, for device_check.sh to build its CUDA model on the host.
set -euo pipefail
cd "$(dirname "$0")/.."

max_mib=32
build_dir=""
out_dir=dist
cuda_architectures=""
usage() { echo "bundle.sh: $1 (expected --build-dir DIR, --out DIR, --max-mib N, --cuda-architectures LIST)" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) [[ $# -ge 2 ]] || usage "--build-dir needs a folder"; build_dir="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || usage "--out needs a folder"; out_dir="$2"; shift 2 ;;
    --max-mib) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage "--max-mib needs whole MiB"; max_mib="$2"; shift 2 ;;
    --cuda-architectures) [[ $# -ge 2 && -n "$2" ]] || usage "--cuda-architectures needs a list"; cuda_architectures="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) usage "unknown argument '$1'" ;;
  esac
done

limit_bytes=$((max_mib * 1024 * 1024))
if [[ -z "$build_dir" ]]; then
  build_dir=build-portable
  cmake --preset portable -DRIDGELINE_HIP=OFF \
    ${cuda_architectures:+-DRIDGELINE_CUDA_ARCHITECTURES="$cuda_architectures"} >/dev/null
  # Only what travels: the binary (its plugins are its dependencies) and the GPU tests.
  targets=(ridgeline ridgeline_gpu_tests)
  grep -q '^ridgeline_cuda_tests:' <(cmake --build --preset portable --target help 2>/dev/null | sed 's/^\.\.\. //') &&
    targets+=(ridgeline_cuda_tests)
  cmake --build --preset portable -j"$(nproc)" --target "${targets[@]}"
elif [[ -n "$cuda_architectures" ]]; then
  usage "--cuda-architectures configures the build bundle.sh makes; not with --build-dir"
fi
[[ -x "$build_dir/ridgeline" ]] || usage "no ridgeline binary in '$build_dir'"
if grep -q '^RIDGELINE_NATIVE:BOOL=ON' "$build_dir/CMakeCache.txt" 2>/dev/null; then
  echo "bundle.sh: note: $build_dir was built with -march=native: this bundle runs only on" \
       "CPUs like this one (the portable preset makes one for any x86-64-v3 host)" >&2
fi

version="$(grep -oP 'project\(ridgeline VERSION \K[0-9.]+' CMakeLists.txt)"
name="ridgeline-${version}-$(uname -m)"
mkdir -p "$out_dir"
dest="$out_dir/$name"
rm -rf "$dest" "$out_dir/$name.tar.gz"
mkdir -p "$dest/lib" "$dest/plugins" "$dest/tests" "$dest/results" "$dest/scripts"

install -m 755 "$build_dir/ridgeline" "$dest/ridgeline"
[[ -f "$build_dir/plugins/libridgeline_cuda.so" ]] &&
  install -m 755 "$build_dir/plugins/libridgeline_cuda.so" "$dest/plugins/"
for t in ridgeline_cuda_tests ridgeline_gpu_tests; do
  [[ -x "$build_dir/tests/$t" ]] && install -m 755 "$build_dir/tests/$t" "$dest/tests/"
done
cp -r results/datasheets "$dest/results/"
cp scripts/device_check.sh scripts/peer_torch_matmul.py scripts/peer_torch_copy.py "$dest/scripts/"
cp README.md "$dest/"
if [[ -f peers/BabelStream/src/main.cpp ]]; then
  mkdir -p "$dest/peers"
  tar -C peers --exclude=.git -cf - BabelStream | tar -C "$dest/peers" -xf -
fi
# Symbols for debugging stay in the build; the dynamic symbol table (the plugins' link
# to the executable) is kept by strip.
for file in "$dest/ridgeline" "$dest"/plugins/*.so "$dest"/tests/*; do
  [[ -f "$file" ]] && strip --strip-unneeded "$file"
done

# glibc's own libraries and the GPU driver's, which belong to the host.
host_lib='^(linux-vdso\.so|linux-gate\.so|ld-linux[^ ]*\.so|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|libresolv\.so|libutil\.so|libmvec\.so|libcuda\.so|libnvidia-ml\.so)'
elves=("$dest/ridgeline" "$dest"/plugins/*.so "$dest"/tests/*)
# Copies what ldd resolves outside glibc and the driver into lib/, until nothing is new.
copy_needed() {
  local file soname arrow path rest
  for file in "$@"; do
    [[ -f "$file" ]] || continue
    while read -r soname arrow path rest; do
      [[ "$arrow" == "=>" && "$path" == /* ]] || continue
      [[ "$soname" =~ $host_lib ]] && continue
      [[ -e "$dest/lib/$soname" ]] && continue
      cp -L "$path" "$dest/lib/$soname"
      copy_needed "$dest/lib/$soname"
    done < <(env -u LD_LIBRARY_PATH ldd "$file" 2>/dev/null)
  done
}
copy_needed "${elves[@]}"

# Every binary, plugin and test resolves only to the host's glibc and driver or to lib/;
# every carried library's own needs are glibc, the driver or lib/ again.
problems=()
for file in "${elves[@]}" "$dest"/lib/*; do
  [[ -f "$file" ]] || continue
  in_lib=0; [[ "$file" == "$dest/lib/"* ]] && in_lib=1
  while read -r soname arrow path rest; do
    [[ "$arrow" == "=>" ]] || continue
    [[ "$soname" =~ $host_lib ]] && continue
    if [[ "$path" == "not" ]]; then
      problems+=("${file#"$dest"/}: $soname not found")
    elif [[ $in_lib == 1 && -e "$dest/lib/$soname" ]]; then
      continue
    elif [[ "$(readlink -f "$path")" != "$(readlink -f "$dest")"/lib/* ]]; then
      problems+=("${file#"$dest"/}: $soname resolves to $path, outside the bundle")
    fi
  done < <(env -u LD_LIBRARY_PATH ldd "$file" 2>/dev/null)
done
if [[ ${#problems[@]} -gt 0 ]]; then
  printf 'bundle.sh: ldd: %s\n' "${problems[@]}" >&2
  exit 1
fi

{
  echo "ridgeline $version ($(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)), packed $(date -u +%Y-%m-%dT%H:%M:%SZ) from $build_dir"
  (cd "$dest" && find . -type f ! -name MANIFEST -print0 | sort -z | xargs -0 sha256sum)
} > "$dest/MANIFEST"

tar -C "$out_dir" -cf - "$name" | gzip -9 > "$out_dir/$name.tar.gz"
size=$(stat -c %s "$out_dir/$name.tar.gz")
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
if (( size > limit_bytes )); then
  echo "bundle.sh: $out_dir/$name.tar.gz is $(mib "$size"), over the $(mib "$limit_bytes") that may travel (largest: $(cd "$dest" && find . -type f -printf '%s %p\n' | sort -rn | head -3 | awk '{ printf "%s %.1f MiB; ", $2, $1 / 1048576 }'))" >&2
  exit 1
fi
echo "$out_dir/$name.tar.gz: $(mib "$size") of at most $(mib "$limit_bytes"); ldd: every file resolves to glibc, the driver or lib/ ($(ls "$dest/lib" | tr '\n' ' '))"
echo "on the GPU host: tar xzf $name.tar.gz && $name/ridgeline devices && $name/scripts/device_check.sh OUTDIR"
