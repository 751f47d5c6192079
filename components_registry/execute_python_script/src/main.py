"""Execute Python Script: run the user's azureml_main(dataframe1, dataframe2) and save the DataFrame it returns."""

from __future__ import annotations

import sys
import traceback

import designer_io as dio
import pandas as pd

SCRIPT_NAME = "<your script>"


def script_line(script: str, number: int | None) -> str:
    lines = script.splitlines()
    if number and 1 <= number <= len(lines):
        return lines[number - 1].strip()
    return ""


def user_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SCRIPT_NAME]


def print_user_traceback(exc: BaseException, script: str) -> None:
    """The traceback as it concerns the script: its own frames with its own lines, then the exception."""
    sys.stderr.write("Traceback (most recent call last), in your script:\n")
    for frame in user_frames(exc):
        sys.stderr.write(f"  line {frame.lineno}, in {frame.name}\n    {script_line(script, frame.lineno)}\n")
    sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))


def call_script(script: str, df1: pd.DataFrame | None, df2: pd.DataFrame | None) -> object:
    try:
        code = compile(script, SCRIPT_NAME, "exec")
    except SyntaxError as exc:
        sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
        raise dio.UserError(
            f"your script has a syntax error on line {exc.lineno} ({exc.msg}): "
            f"'{script_line(script, exc.lineno)}'; fix that line and run again"
        ) from None
    namespace: dict[str, object] = {"__name__": "__azureml_script__"}
    try:
        exec(code, namespace)
        main = namespace.get("azureml_main")
        if not callable(main):
            raise dio.UserError(
                "your script does not define azureml_main; add a function "
                "'def azureml_main(dataframe1=None, dataframe2=None):' that returns a DataFrame"
            )
        return main(df1, df2)
    except dio.UserError:
        raise
    except Exception as exc:
        print_user_traceback(exc, script)
        frames = user_frames(exc)
        where = f" on line {frames[-1].lineno} ('{script_line(script, frames[-1].lineno)}')" if frames else ""
        raise dio.UserError(
            f"your script failed{where} with {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}; "
            "fix the script and run again"
        ) from None


def run() -> None:
    p = dio.parser(__doc__)
    p.add_argument("--dataframe1", default=None)
    p.add_argument("--dataframe2", default=None)
    p.add_argument("--script", required=True)
    p.add_argument("--output", required=True)
    args, _unknown = p.parse_known_args()

    script = dio.text_param("script", args.script) or ""
    if not script.strip():
        raise dio.UserError("the script is empty; write a function azureml_main(dataframe1, dataframe2)")
    first = dio.read_table(args.dataframe1, what="dataframe1") if args.dataframe1 else None
    second = dio.read_table(args.dataframe2, what="dataframe2") if args.dataframe2 else None
    result = call_script(script, first.df if first else None, second.df if second else None)
    if isinstance(result, tuple | list) and result and isinstance(result[0], pd.DataFrame):
        result = result[0]  # Azure's classic designer allowed returning a tuple
    if isinstance(result, pd.Series):
        result = result.to_frame()
    if not isinstance(result, pd.DataFrame):
        raise dio.UserError(
            f"azureml_main returned {type(result).__name__}, not a pandas DataFrame; end it with 'return <a DataFrame>'"
        )
    source = first or dio.Table(result)
    features = dio.carried_features(source, result)
    dio.write_table(args.output, dio.Table(result, source.label, features, {}))
    print(f"your script returned {len(result)} rows, {result.shape[1]} columns")


if __name__ == "__main__":
    dio.main(run)
