"""Tiny CSV helpers shared by the components (copied into each code snapshot via additional_includes)."""

import csv
import os


def read_rows(folder_or_file):
    path = folder_or_file
    if os.path.isdir(path):
        path = os.path.join(path, sorted(f for f in os.listdir(path) if f.endswith(".csv"))[0])
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(folder, name, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
