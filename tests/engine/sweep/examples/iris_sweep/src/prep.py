"""Write the iris data set (shipped with scikit-learn) as a CSV file."""
import argparse
from pathlib import Path

from sklearn.datasets import load_iris

p = argparse.ArgumentParser()
p.add_argument("--out")
a = p.parse_args()
frame = load_iris(as_frame=True).frame
frame.to_csv(Path(a.out) / "iris.csv", index=False)
print("wrote", len(frame), "rows")
