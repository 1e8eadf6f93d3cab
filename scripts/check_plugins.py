#!/usr/bin/env python3
"""The linkage contract of the backend plugins (src/backends/plugin_abi.hpp):

- the executable needs no GPU library at load time (no libcuda, libcudart, libcublas,
  libcublasLt, libnvidia-ml, libamdhip64, ... among its NEEDED entries), and exports the
  core's symbols (ENABLE_EXPORTS);
- each plugin exports ridgeline_backend_plugin, does not need cuBLASLt at load time
  (cublaslt_library.cpp opens it), and takes the core from the executable: every
  ridgeline symbol it leaves undefined is one the executable exports, and it defines no
  strong ridgeline symbol the executable defines too (a second copy of the core).

  check_plugins.py --binary build/ridgeline build/plugins/libridgeline_*.so

Exit 0 all hold, 1 one does not (a line per problem), 2 bad usage, 77 no binutils.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

GPU_LIBRARIES = re.compile(r"^lib(cuda|cudart|cublas|cublasLt|nvidia-ml|nvrtc|amdhip64|hsa-runtime64|"
                           r"rocblas|hipblaslt|rocm_smi64)\.so")
STRONG = set("TDBR")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def needed(path):
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run(["readelf", "-d", path]))


def dynamic_symbols(path, which):
    """{mangled: type letter} of the dynamic symbol table, defined or undefined ones."""
    out = {}
    for line in run(["nm", "-D", which, path]).splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[-1]] = parts[-2]
    return out


def demangle(names):
    names = sorted(names)
    if not names:
        return {}
    text = subprocess.run(["c++filt"], input="\n".join(names) + "\n", capture_output=True,
                          text=True, check=True).stdout.splitlines()
    return dict(zip(names, text))


def ours(demangled):
    """A symbol of ridgeline's own code: its functions and data, vtables and typeinfo."""
    stripped = re.sub(r"^(vtable for |typeinfo for |typeinfo name for |VTT for |guard variable for )",
                      "", demangled)
    stripped = re.sub(r"^[\w:<>,\s*&]*?\s(?=ridgeline::)", "", stripped)  # a return type
    return stripped.startswith("ridgeline::")


def check(binary, plugins):
    problems = []
    for lib in needed(binary):
        if GPU_LIBRARIES.match(lib):
            problems.append(f"{binary} needs {lib} at load time: the executable must run "
                            f"without GPU libraries (the backends are plugins)")
    exported = dynamic_symbols(binary, "--defined-only")
    if not any(ours(n) for n in demangle(exported).values()):
        problems.append(f"{binary} exports no ridgeline symbol: built without ENABLE_EXPORTS, "
                        f"a plugin cannot take the core from it")
    for plugin in plugins:
        name = os.path.basename(plugin)
        for lib in needed(plugin):
            if lib.startswith(("libcublas", "libcudart")):
                problems.append(f"{name} needs {lib} at load time (cuBLASLt is opened at run "
                                f"time, the CUDA runtime linked statically)")
        defined = dynamic_symbols(plugin, "--defined-only")
        if "ridgeline_backend_plugin" not in defined:
            problems.append(f"{name} does not export ridgeline_backend_plugin")
        undefined = dynamic_symbols(plugin, "--undefined-only")
        names = demangle(set(defined) | set(undefined))
        missing = sorted(names[s] for s in undefined if ours(names[s]) and s not in exported)
        for symbol in missing[:10]:
            problems.append(f"{name} needs {symbol}, which {binary} does not export")
        if len(missing) > 10:
            problems.append(f"{name} needs {len(missing) - 10} more symbols {binary} lacks")
        twice = sorted(names[s] for s, kind in defined.items()
                       if kind in STRONG and ours(names[s]) and exported.get(s) in STRONG)
        for symbol in twice[:10]:
            problems.append(f"{name} defines {symbol} too: a second copy of the core, which "
                            f"the plugin must take from the executable")
        if len(twice) > 10:
            problems.append(f"{name} defines {len(twice) - 10} more of the executable's symbols")
    return problems


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--binary", required=True, help="the ridgeline executable")
    p.add_argument("plugins", nargs="*", help="libridgeline_<backend>.so files")
    try:
        args = p.parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    for path in [args.binary] + args.plugins:
        if not os.path.isfile(path):
            print(f"check_plugins: no such file: {path}", file=sys.stderr)
            return 2
    missing = [t for t in ("nm", "readelf", "c++filt") if shutil.which(t) is None]
    if missing:
        print(f"SKIP no {', '.join(missing)} (binutils)")
        return 77
    problems = check(args.binary, args.plugins)
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"check_plugins: {args.binary} and {len(args.plugins)} plugins, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
