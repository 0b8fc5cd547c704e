#!/usr/bin/env python3
"""Builds localities.tsv from the GeoNames PL postal-code dump (CC BY 4.0, GeoNames).

Usage: convert.py GEONAMES_PL_TXT > localities.tsv
Output: one line per (locality, voivodeship): locality<TAB>voivodeship<TAB>code,code,...
sorted, so the file is reproducible.
"""
import sys
from collections import defaultdict

groups = defaultdict(set)
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4 or cols[0] != "PL":
            continue
        code, place, voiv = cols[1].strip(), cols[2].strip(), cols[3].strip()
        if len(code) == 6 and code[2] == "-" and place:
            groups[(place, voiv)].add(code)
for (place, voiv) in sorted(groups):
    print(f"{place}\t{voiv}\t{','.join(sorted(groups[(place, voiv)]))}")
