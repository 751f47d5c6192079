// The canvas's copy of designer/ui/format.py's duration_text: the same rules, so a card reads exactly
// as the rest of the designer ("0.4 s", "12 s", "3 min 5 s", "1 h 1 min"). No imports, so that
// tests/ui/test_format_js.py can run it in node and compare it with the Python function value by value.

// A duration for people; null, undefined, NaN and infinities -> "".
// Tenths below ten seconds (a step that took 0.4 s is not "0 s"), whole units above; never rounds up.
export function durationText(seconds) {
  if (seconds == null) return "";
  const value = Number(seconds);
  if (!Number.isFinite(value)) return "";
  const s = Math.max(0, value);
  if (s < 10) return `${(Math.floor(s * 10) / 10).toFixed(1)} s`;
  const whole = Math.floor(s);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) {
    const minutes = Math.floor(whole / 60);
    const rest = whole % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}
