#!/usr/bin/env python3
"""Fails when the include graph of server/wire, server/app and server/http has a cycle or an
upward include.

A unit is a source and its header taken as one (server/app/src/journal.cpp, journal.hpp and
include/gcm/app/journal.hpp are the unit app/journal): a header cannot reach into its own
source, so two units that include each other in either file are a circle a reader has to hold
in mind at once. A directory under src/ (app's handlers/) is one unit: its shared header
declares what all its sources define. Layers go wire -> app -> http: a file may include its own layer or a lower one.

Usage: include_cycles.py [SOURCE_DIR]   (prints the units per layer, each cycle with the
includes that close it, each upward include, and how many floors each layer has)."""
import os
import re
import sys

LAYERS = ["wire", "app", "http"]  # lowest first
INCLUDE = re.compile(r'^\s*#\s*include\s*["<]([^">]+)[">]', re.M)


def unit_of(root, path):
    """(layer, unit name) of a file under server/<layer>/, or None outside the three layers."""
    rel = os.path.relpath(path, os.path.join(root, "server")).replace(os.sep, "/")
    parts = rel.split("/")
    if parts[0] not in LAYERS:
        return None
    layer = parts[0]
    if parts[1] == "src" and len(parts) > 3:  # src/<module>/...: the directory is one unit
        inner = parts[2]
    elif parts[1] == "src":
        inner = "/".join(parts[2:])
    elif parts[1] == "include":  # include/gcm/<layer>/name.hpp
        inner = "/".join(parts[4:])
    else:
        return None
    return layer, layer + "/" + os.path.splitext(inner)[0]


def resolve(root, including, name):
    """The file an include names, if it is one of ours (quoted: beside the file, then the
    layers' include directories)."""
    candidates = [os.path.join(os.path.dirname(including), name)]
    candidates += [os.path.join(root, "server", layer, "include", name) for layer in LAYERS]
    for candidate in candidates:
        if os.path.isfile(candidate):
            return os.path.normpath(candidate)
    return None


def sources(root):
    for layer in LAYERS:
        for directory, _, files in os.walk(os.path.join(root, "server", layer)):
            for file in sorted(files):
                if file.endswith((".cpp", ".hpp")):
                    yield os.path.join(directory, file)


def strongly_connected(nodes, edges):
    """Tarjan's algorithm, iterative (the graph is small, but recursion limits are no concern)."""
    index, low, on_stack, stack, result, counter = {}, {}, set(), [], [], [0]
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def floors(units, edges):
    """The longest include chain inside each layer, counted in units (the layer's height)."""
    depth = {}

    def height(unit, seen):
        if unit in depth:
            return depth[unit]
        if unit in seen:  # a cycle: reported elsewhere, counted once here
            return 0
        seen.add(unit)
        below = [height(d, seen) for d in edges.get(unit, ()) if d.split("/")[0] == unit.split("/")[0]]
        seen.discard(unit)
        depth[unit] = 1 + max(below, default=0)
        return depth[unit]

    result = {}
    for unit in units:
        layer = unit.split("/")[0]
        result[layer] = max(result.get(layer, 0), height(unit, set()))
    return result


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), "..", ".."))
    edges, evidence, upward, units = {}, {}, [], set()
    for path in sources(root):
        here = unit_of(root, path)
        if here is None:
            continue
        units.add(here[1])
        with open(path, encoding="utf-8") as text:
            names = INCLUDE.findall(text.read())
        for name in names:
            target = resolve(root, path, name)
            there = target and unit_of(root, target)
            if not there or there[1] == here[1]:
                continue
            rel = os.path.relpath(path, root)
            if LAYERS.index(there[0]) > LAYERS.index(here[0]):
                upward.append(f"{rel} includes {name} ({here[0]} is below {there[0]})")
            edges.setdefault(here[1], set()).add(there[1])
            evidence.setdefault((here[1], there[1]), []).append(f"{rel} -> {name}")

    cycles = [c for c in strongly_connected(sorted(units), edges) if len(c) > 1]
    print(f"{len(units)} units; floors per layer: " +
          ", ".join(f"{k} {v}" for k, v in sorted(floors(sorted(units), edges).items())))
    for cycle in cycles:
        members = set(cycle)
        print(f"cycle: {' <-> '.join(cycle)}")
        for (source, target), lines in sorted(evidence.items()):
            if source in members and target in members:
                for line in lines:
                    print(f"    {line}")
    for line in upward:
        print(f"upward: {line}")
    print(f"{len(cycles)} cycle(s), {len(upward)} upward include(s)")
    return 1 if cycles or upward else 0


if __name__ == "__main__":
    sys.exit(main())
