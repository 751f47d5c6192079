"""Score Model: predict with a trained model and add the predictions to the table."""

from __future__ import annotations

import designer_io as dio
import designer_models as dm
import pandas as pd


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--append-score-columns", type=dio.to_bool, default=True)
    p.add_argument("--output", required=True)
    args = p.parse_args()

    estimator, info = dm.load_trained_model(args.model)
    table = dio.read_table(args.data, what="the data to score")
    dio.require_rows(table, "the data to score")
    scores, meta = dm.predict_table(estimator, info, table)
    meta["model"] = info.get("display_name")
    if args.append_score_columns:
        base = table.df.drop(columns=[c for c in scores.columns if c in table.df.columns])
    else:
        label = info.get("label_column")
        base = table.df[[label]] if label in table.df.columns else table.df.iloc[:, :0]
    out = pd.concat([base, scores], axis=1)
    label = info.get("label_column") if info.get("label_column") in out.columns else table.label
    dio.write_table(args.output, dio.Table(out, label, table.features, {"scores": meta}))
    print(f"scored {len(out)} rows with {info.get('display_name')} ({meta['task']})")


if __name__ == "__main__":
    dio.main(run)
