#!/usr/bin/env python3
"""Write Sources/ArbLoader/ArbFunctions.swift: every Arb or FLINT function the package calls, under its C name.

Usage: swift build (and swift build -c release, swift build --build-tests, whatever builds the objects to scan),
then python3 scripts/arb_functions.py [BUILD_DIR ...]   (default: every configuration under .build)

The list is the union of the functions already listed and the undefined symbols of the package's object files
that libflint-arb or libflint export. Each gets a Swift forwarder, `@_cdecl` with the C name, whose parameter
types are the C ones as the ABI passes them (pointers, integers, doubles; read from clang's parse of
Sources/CMPFR/shim.h), which looks its target up once and calls it. A function the Swift code starts to call
and the list lacks shows up as a link error naming it: build again and rerun this script.
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources", "ArbLoader", "ArbFunctions.swift")
LIBRARIES = glob.glob("/usr/lib/*/libflint-arb.so") + glob.glob("/usr/lib/*/libflint.so")
# C types as the ABI passes them → the Swift type of the same size and register class.
SCALARS = {"long": "Int", "unsigned long": "UInt", "int": "Int32", "unsigned int": "UInt32", "double": "Double",
           "mpfr_rnd_t": "Int32"}  # mpfr_rnd_t: a C enum, passed as an int


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library], capture_output=True, text=True, check=True).stdout
    return {line.split()[2].split("@")[0] for line in out.splitlines() if len(line.split()) == 3 and line.split()[1] == "T"}


def undefined(build_dirs):
    names = set()
    for build in build_dirs:
        objects = [o for o in glob.glob(os.path.join(build, "**", "*.o"), recursive=True) if "ArbLoader.build" not in o]
        for start in range(0, len(objects), 500):
            out = subprocess.run(["nm", "-u"] + objects[start:start + 500], capture_output=True, text=True).stdout
            names.update(line.split()[-1] for line in out.splitlines() if line.strip().startswith("U "))
    return names


def listed():
    return set(re.findall(r'^@_cdecl\("(\w+)"\)', open(OUTPUT).read(), re.M)) if os.path.exists(OUTPUT) else set()


def declarations(names):
    """name → (C return type, [C parameter types]), typedefs resolved."""
    source = '#include "%s"\n' % os.path.join(ROOT, "Sources", "CMPFR", "shim.h")
    ast = json.loads(subprocess.run(["clang", "-x", "c", "-fsyntax-only", "-Xclang", "-ast-dump=json", "-"],
                                    input=source, capture_output=True, text=True, check=True).stdout)
    typedefs = {n["name"]: n["type"].get("desugaredQualType", n["type"]["qualType"])
                for n in ast["inner"] if n.get("kind") == "TypedefDecl"}
    found = {}
    for node in ast["inner"]:
        if node.get("kind") == "FunctionDecl" and node.get("name") in names:
            result = node["type"]["qualType"].partition("(")[0].strip()
            while result in typedefs and typedefs[result] != result:
                result = typedefs[result]
            parameters = [p["type"].get("desugaredQualType", p["type"]["qualType"])
                          for p in node.get("inner", []) if p.get("kind") == "ParmVarDecl"]
            if node["type"]["qualType"].endswith("...)"):
                sys.exit(f"{node['name']}: variadic functions are not forwarded")
            found[node["name"]] = (result, parameters)
    missing = names - set(found)
    if missing:
        sys.exit("no declaration in the headers for: " + ", ".join(sorted(missing)))
    return found


def swift_type(c, name):
    if c.endswith("*"):
        return "UnsafeRawPointer?" if c.startswith("const ") else "UnsafeMutableRawPointer?"
    if c in SCALARS:
        return SCALARS[c]
    sys.exit(f"{name}: no ABI mapping for the C type {c!r}")


def forwarder(name, result, parameters):
    types = [swift_type(p, name) for p in parameters]
    declared = ", ".join(f"_ a{i}: {t}" for i, t in enumerate(types))
    returns = "" if result == "void" else " -> " + swift_type(result, name)
    signature = f"@convention(c) ({', '.join(types)}) -> {'Void' if result == 'void' else swift_type(result, name)}"
    call = ", ".join(f"a{i}" for i in range(len(types)))
    return (f'nonisolated(unsafe) private let {name}_address = ArbLibrary.symbol("{name}")\n'
            f'@_cdecl("{name}") func forward_{name}({declared}){returns} {{\n'
            f'    unsafeBitCast({name}_address, to: ({signature}).self)({call})\n'
            f'}}\n')


def main():
    builds = sys.argv[1:] or [d for d in glob.glob(os.path.join(ROOT, ".build", "**", "*-linux-gnu", "*"), recursive=True)
                              if os.path.isdir(d)]
    available = set().union(*(exported(l) for l in LIBRARIES))
    names = (undefined(builds) & available) | listed()
    found = declarations(names)
    with open(OUTPUT, "w") as out:
        out.write("// Generated by scripts/arb_functions.py: the Arb and FLINT functions the package calls, each under its\n")
        out.write("// C name with the C types as the ABI passes them. Rerun the script when a link error names another.\n\n")
        out.write("\n".join(forwarder(n, *found[n]) for n in sorted(found)))
    print(f"{len(found)} functions → {os.path.relpath(OUTPUT, ROOT)}")


if __name__ == "__main__":
    main()
