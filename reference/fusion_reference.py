#!/usr/bin/env python3
"""Independent reference implementation of feature v2.0.0 and model fusion-v2.0.0.

SPEC §2 ("Determinism"): golden vectors are produced by a second, independent implementation
in Python, standard library only, and the TypeScript scorer (lib/domain/indicators.ts,
lib/domain/fusion.ts) must reproduce them. This file is that second implementation. It is
written from the conventions of the specification, not translated line by line, but every
floating-point expression is evaluated in the same order as the TypeScript one: IEEE 754
binary64 +, -, *, / are correctly rounded in both languages, so the same operations in the
same order give the same bits. Only those operations, abs, floor and comparisons are used (no
exp, log, tanh, pow, math.fsum, statistics): their results would depend on the platform's libm
or on a different summation algorithm.

Usage:
    python3 reference/fusion_reference.py score  < request.json  > response.json
    python3 reference/fusion_reference.py golden > lib/domain/golden/fusion-v2.0.0.json

`score` request (JSON on stdin; every key optional, `model` defaults to FUSION_V2_DEFAULTS):
    {"model": {"weights": {"rsi", "macd", "trend"}, "threshold", "liveThreshold"},
     "series": [[close, ...], ...],
     "rows": [{"c", "rsi_14", "macd_hist", "ema_20", "ema_50", "live": bool}, ...]}
`score` response:
    {"series": [[{"rsi_14", "macd_hist", "ema_20", "ema_50", "fusion"} per close] per series],
     "rows": [FusionOutput per row]}
where FusionOutput is {"ml_signal_parts": {"rsi", "macd", "trend"}, "score", "rawConfidence",
"confid", "decision", "ml_bucket"} with the identity calibration (confid = rawConfidence).
A feature is null during its warm-up; `fusion` is null unless all four features are defined,
and otherwise scores (c = that close, the four features) with the request's model, live=false.

Floats are written with repr (shortest string that reads back to the same double), so they
round-trip exactly. Invalid input (NaN, Infinity, numbers too large for a double, strings,
booleans as numbers, missing keys) and input outside the model's domain (a zero price or
EMA-50, or a ratio that overflows) are rejected with a message on stderr and exit status 2:
the reference never writes a non-finite number.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path
from typing import Any, Optional

FEATURE_VERSION = "v2.0.0"
MODEL_VERSION = "fusion-v2.0.0"

RSI_PERIOD = 14
MACD_FAST, MACD_SLOW, MACD_SIGNAL = 12, 26, 9
EMA_SHORT, EMA_LONG = 20, 50

# fusion-v2.0.0 constants (SPEC §2; same values as lib/domain/fusion.ts).
RSI_BAND = 20.0  # RSI 30 -> +1, RSI 70 -> -1, linear between, clipped outside
MACD_SCALE = 0.002  # MACD histogram / price at which the momentum part reaches +-0.5
TREND_SCALE = 0.02  # (EMA-20 - EMA-50) / EMA-50 at which the trend part reaches +-0.5

FUSION_V2_DEFAULTS = {
    "weights": {"rsi": 0.3, "macd": 0.35, "trend": 0.35},
    "threshold": 0.55,
    "liveThreshold": 0.65,
}

ROOT = Path(__file__).resolve().parent.parent
SP500_CSV = ROOT / "node_modules" / "vega-datasets" / "data" / "sp500-2000.csv"


class InputError(ValueError):
    """The request is malformed or outside the model's domain (exit status 2)."""


# --------------------------------------------------------------------------------------------
# Features (TA-Lib conventions)
# --------------------------------------------------------------------------------------------
#
# Sums are accumulated with explicit left-to-right loops on purpose, never with sum(): the
# TypeScript side adds left to right, and although Python 3.11's sum() of floats is plain
# left-to-right addition too, Python 3.12 switched sum() to compensated (Neumaier) summation,
# which would silently change the last bits of every seed on a newer interpreter.


def mean_of_first(values: list[float], n: int) -> float:
    """Simple mean of values[0..n-1], summed left to right starting from 0."""
    total = 0.0
    for i in range(n):
        total = total + values[i]
    return total / n


def ema(values: list[float], period: int) -> list[Optional[float]]:
    """Exponential moving average, one output per input, None during the warm-up.

    Seeded with the simple mean of the first `period` values (placed at index period-1);
    afterwards prev = (x - prev) * k + prev with k = 2 / (period + 1). That update is the
    TA-Lib operation order (not k*x + (1-k)*prev, which rounds differently).
    """
    out: list[Optional[float]] = [None] * len(values)
    if len(values) < period:
        return out
    prev = mean_of_first(values, period)
    out[period - 1] = prev
    k = 2 / (period + 1)
    for i in range(period, len(values)):
        prev = (values[i] - prev) * k + prev
        out[i] = prev
    return out


def _rsi_value(avg_gain: float, avg_loss: float) -> float:
    """RSI = 100 * avgGain / (avgGain + avgLoss); 50 (neutral) when prices did not move."""
    total = avg_gain + avg_loss
    if total == 0:
        return 50.0
    return 100 * avg_gain / total


def rsi_wilder(closes: list[float], period: int = RSI_PERIOD) -> list[Optional[float]]:
    """Wilder's RSI. The first value (index `period`) uses the means of the first `period`
    gains and losses; after that avg = (avg * (period - 1) + current) / period."""
    out: list[Optional[float]] = [None] * len(closes)
    if len(closes) <= period:
        return out
    gain_sum = 0.0
    loss_sum = 0.0
    for i in range(1, period + 1):
        change = closes[i] - closes[i - 1]
        if change > 0:
            gain_sum = gain_sum + change
        else:
            loss_sum = loss_sum - change
    avg_gain = gain_sum / period
    avg_loss = loss_sum / period
    out[period] = _rsi_value(avg_gain, avg_loss)
    for i in range(period + 1, len(closes)):
        change = closes[i] - closes[i - 1]
        gain = change if change > 0 else 0.0
        loss = -change if change < 0 else 0.0
        avg_gain = (avg_gain * (period - 1) + gain) / period
        avg_loss = (avg_loss * (period - 1) + loss) / period
        out[i] = _rsi_value(avg_gain, avg_loss)
    return out


def macd_histogram(
    closes: list[float], fast: int = MACD_FAST, slow: int = MACD_SLOW, signal: int = MACD_SIGNAL
) -> list[Optional[float]]:
    """MACD histogram: line = EMA_fast - EMA_slow (each EMA seeded from its own first closes),
    signal = EMA_signal of the line values (seeded with the mean of the first `signal` of
    them), hist = line - signal. Defined from index (slow - 1) + (signal - 1)."""
    fast_ema = ema(closes, fast)
    slow_ema = ema(closes, slow)
    first_line = slow - 1
    line: list[float] = []
    for i in range(first_line, len(closes)):
        line.append(fast_ema[i] - slow_ema[i])  # type: ignore[operator]
    signal_line = ema(line, signal)
    out: list[Optional[float]] = [None] * len(closes)
    for j, sig in enumerate(signal_line):
        if sig is not None:
            out[first_line + j] = line[j] - sig
    return out


def compute_features(closes: list[float]) -> list[dict[str, Optional[float]]]:
    """Feature v2.0.0 for every close: rsi_14, macd_hist (12/26/9), ema_20, ema_50."""
    rsi = rsi_wilder(closes, RSI_PERIOD)
    hist = macd_histogram(closes, MACD_FAST, MACD_SLOW, MACD_SIGNAL)
    ema_short = ema(closes, EMA_SHORT)
    ema_long = ema(closes, EMA_LONG)
    return [
        {"rsi_14": rsi[i], "macd_hist": hist[i], "ema_20": ema_short[i], "ema_50": ema_long[i]}
        for i in range(len(closes))
    ]


# --------------------------------------------------------------------------------------------
# Fusion scorer
# --------------------------------------------------------------------------------------------


def clip_unit(x: float) -> float:
    """Clip into [-1, 1]."""
    if x > 1:
        return 1.0
    if x < -1:
        return -1.0
    return x


def squash(x: float) -> float:
    """x / (1 + |x|): odd, monotone, into (-1, 1), exactly rounded operations only."""
    return x / (1 + abs(x))


def _ratio(numerator: float, denominator: float, what: str) -> float:
    if denominator == 0:
        raise InputError(f"{what}: division by zero (a zero or vanishing price is not scorable)")
    result = numerator / denominator
    if not math.isfinite(result):
        raise InputError(f"{what}: ratio overflows a double")
    return result


def signal_parts(f: dict[str, float]) -> dict[str, float]:
    """The three parts in [-1, 1]: mean reversion, momentum, trend."""
    return {
        "rsi": clip_unit((50 - f["rsi_14"]) / RSI_BAND),
        "macd": squash(_ratio(f["macd_hist"], MACD_SCALE * f["c"], "macd_hist / (scale * c)")),
        "trend": squash(
            _ratio(f["ema_20"] - f["ema_50"], TREND_SCALE * f["ema_50"], "ema gap / ema_50")
        ),
    }


def confidence_bucket(confid: float) -> float:
    """Buckets 0.5, 0.6, ..., 1.0: floor(confid * 10) / 10 clamped to [5, 10] tenths."""
    tenths = math.floor(confid * 10)
    tenths = max(5, min(10, tenths))
    return tenths / 10


def fuse(model: dict[str, Any], features: dict[str, float], live: bool) -> dict[str, Any]:
    """Score one feature row.

    score = w_rsi * rsi + w_macd * macd + w_trend * trend (added in that order);
    rawConfidence = 0.5 + |score| / 2; confid = rawConfidence (identity calibration);
    decision = sign(score) when confid >= threshold (liveThreshold when live), else 0.
    """
    parts = signal_parts(features)
    w = model["weights"]
    score = w["rsi"] * parts["rsi"] + w["macd"] * parts["macd"] + w["trend"] * parts["trend"]
    raw_confidence = 0.5 + abs(score) / 2
    confid = raw_confidence
    threshold = model["liveThreshold"] if live else model["threshold"]
    direction = 1 if score > 0 else -1 if score < 0 else 0
    return {
        "ml_signal_parts": parts,
        "score": score,
        "rawConfidence": raw_confidence,
        "confid": confid,
        "decision": direction if confid >= threshold else 0,
        "ml_bucket": confidence_bucket(confid),
    }


def score_series(model: dict[str, Any], closes: list[float]) -> list[dict[str, Any]]:
    """Features per close, each with the advisory (live=false) fusion once all are defined."""
    out = []
    for close, feats in zip(closes, compute_features(closes)):
        row: dict[str, Any] = dict(feats)
        if all(v is not None for v in feats.values()):
            scoring = {"c": close, **feats}
            row["fusion"] = fuse(model, scoring, live=False)  # type: ignore[arg-type]
        else:
            row["fusion"] = None
        out.append(row)
    return out


# --------------------------------------------------------------------------------------------
# Input validation
# --------------------------------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    raise InputError(f"non-finite number {name} in input")


def _number(value: Any, where: str) -> float:
    # bool is a subclass of int in Python: reject it explicitly. Integers (only from callers
    # other than the CLI, which parses them as floats) become the nearest double.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{where} must be a number, got {json.dumps(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise InputError(f"{where} is too large for a double") from None
    if not math.isfinite(number):
        raise InputError(f"{where} must be finite, got {value!r}")
    return number


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where} must be an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"{where} must be an array")
    return value


def parse_model(value: Any) -> dict[str, Any]:
    m = _object(value, "model")
    weights = _object(m.get("weights"), "model.weights")
    return {
        "weights": {
            k: _number(weights.get(k), f"model.weights.{k}") for k in ("rsi", "macd", "trend")
        },
        "threshold": _number(m.get("threshold"), "model.threshold"),
        "liveThreshold": _number(m.get("liveThreshold"), "model.liveThreshold"),
    }


def parse_row(value: Any, where: str) -> tuple[dict[str, float], bool]:
    r = _object(value, where)
    keys = ("c", "rsi_14", "macd_hist", "ema_20", "ema_50")
    features = {k: _number(r.get(k), f"{where}.{k}") for k in keys}
    live = r.get("live", False)
    if not isinstance(live, bool):
        raise InputError(f"{where}.live must be a boolean")
    return features, live


def score_request(request: Any) -> dict[str, Any]:
    req = _object(request, "request")
    model = parse_model(req["model"]) if "model" in req else FUSION_V2_DEFAULTS
    series_out = []
    for s, series in enumerate(_list(req.get("series", []), "series")):
        values = _list(series, f"series[{s}]")
        closes = [_number(x, f"series[{s}][{i}]") for i, x in enumerate(values)]
        try:
            series_out.append(score_series(model, closes))
        except InputError as err:
            raise InputError(f"series[{s}]: {err}") from None
    rows_out = []
    for r, row in enumerate(_list(req.get("rows", []), "rows")):
        features, live = parse_row(row, f"rows[{r}]")
        try:
            rows_out.append(fuse(model, features, live))
        except InputError as err:
            raise InputError(f"rows[{r}]: {err}") from None
    return {"series": series_out, "rows": rows_out}


# --------------------------------------------------------------------------------------------
# Golden vectors
# --------------------------------------------------------------------------------------------


def load_sp500() -> list[tuple[str, float]]:
    """(date, close) of the real daily S&P 500 series shipped in vega-datasets."""
    with SP500_CSV.open(newline="") as fh:
        return [(row["date"], float(row["close"])) for row in csv.DictReader(fh)]


def _exact_threshold_rsi(model: dict[str, Any]) -> tuple[float, float]:
    """With only the RSI part non-zero, find the largest RSI whose confidence is exactly the
    advisory threshold (the next double up falls short of it)."""
    threshold = model["threshold"]
    w = model["weights"]["rsi"]
    # confid = 0.5 + |w * (50 - rsi) / 20| / 2 = threshold  =>  rsi = 50 - 20 * 2 (t - 0.5) / w
    rsi = 50 - RSI_BAND * 2 * (threshold - 0.5) / w

    def confid(x: float) -> float:
        return fuse(model, neutral_row(rsi_14=x), live=False)["confid"]

    while confid(rsi) < threshold:
        rsi = math.nextafter(rsi, -math.inf)
    while confid(math.nextafter(rsi, math.inf)) >= threshold:
        rsi = math.nextafter(rsi, math.inf)
    return rsi, math.nextafter(rsi, math.inf)


def neutral_row(**overrides: float) -> dict[str, float]:
    """A row whose three parts are all exactly zero, with some fields overridden."""
    row = {"c": 100.0, "rsi_14": 50.0, "macd_hist": 0.0, "ema_20": 100.0, "ema_50": 100.0}
    row.update(overrides)
    return row


def custom_model(
    rsi: float, macd: float, trend: float, threshold: float, live_threshold: float
) -> dict[str, Any]:
    return {
        "weights": {"rsi": rsi, "macd": macd, "trend": trend},
        "threshold": threshold,
        "liveThreshold": live_threshold,
    }


def golden() -> dict[str, Any]:
    default = FUSION_V2_DEFAULTS
    cases: list[tuple[str, dict[str, Any], bool, dict[str, float]]] = []

    def add(
        name: str,
        features: dict[str, float],
        live: bool = False,
        model: Optional[dict[str, Any]] = None,
    ) -> None:
        cases.append((name, model or default, live, features))

    add(
        "clear buy: oversold, rising momentum, up-trend",
        {"c": 100.0, "rsi_14": 22.5, "macd_hist": 0.35, "ema_20": 104.0, "ema_50": 100.0},
    )
    add(
        "clear sell: overbought, falling momentum, down-trend",
        {"c": 250.0, "rsi_14": 81.25, "macd_hist": -0.9, "ema_20": 240.0, "ema_50": 251.5},
    )
    add(
        "hold: non-zero score below the advisory threshold",
        {"c": 100.0, "rsi_14": 46.0, "macd_hist": 0.01, "ema_20": 100.1, "ema_50": 100.0},
    )
    at, above = _exact_threshold_rsi(default)
    add("edge: confidence exactly equal to the advisory threshold decides", neutral_row(rsi_14=at))
    add("edge: one ulp of RSI above the exact-threshold case holds", neutral_row(rsi_14=above))
    live_features = {
        "c": 100.0, "rsi_14": 40.0, "macd_hist": 0.02, "ema_20": 100.2, "ema_50": 100.0
    }
    add("live vs advisory: advisory threshold passed, decides", live_features, live=False)
    add("live vs advisory: same features, stricter live threshold holds", live_features, live=True)
    add("clipped: RSI 0 gives an rsi part of exactly +1", neutral_row(rsi_14=0.0))
    add(
        "clipped: RSI 100 gives an rsi part of exactly -1, confidence exactly the live threshold",
        neutral_row(rsi_14=100.0),
        live=True,
    )
    add("zero score: neutral features", neutral_row())
    add(
        "zero score: parts cancel exactly (custom weights)",
        neutral_row(rsi_14=40.0, ema_20=98.0),
        model=custom_model(0.5, 0.25, 0.5, threshold=0.55, live_threshold=0.65),
    )
    add(
        "saturated: confidence exactly 1 lands in bucket 1.0 (custom weights)",
        {"c": 1.0, "rsi_14": 0.0, "macd_hist": 1e20, "ema_20": 1e20, "ema_50": 1.0},
        live=True,
        model=custom_model(0.5, 0.25, 0.25, threshold=0.55, live_threshold=0.65),
    )
    add(
        "contrarian model: negative weights flip the decision (custom weights)",
        {"c": 100.0, "rsi_14": 22.5, "macd_hist": 0.35, "ema_20": 104.0, "ema_50": 100.0},
        model=custom_model(-0.3, -0.35, -0.35, threshold=0.6, live_threshold=0.7),
    )

    sp500 = load_sp500()
    closes = [close for _, close in sp500]
    features = compute_features(closes)
    for date, live in (("2008-10-10", False), ("2020-03-23", False), ("2020-04-17", True)):
        i = next(j for j, (d, _) in enumerate(sp500) if d == date)
        row = {"c": closes[i], **features[i]}
        mode = "live" if live else "advisory"
        where = f"data row {i + 1} of sp500-2000.csv, features from closes"
        add(f"S&P 500 {date} ({where}, {mode})", row, live=live)

    return {
        "modelVersion": MODEL_VERSION,
        "generatedBy": "reference/fusion_reference.py",
        "cases": [
            {
                "name": name,
                "model": model,
                "live": live,
                "features": feats,
                "expected": fuse(model, feats, live),
            }
            for name, model, live, feats in cases
        ],
    }


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in ("score", "golden"):
        print(f"usage: {argv[0]} score < request.json | {argv[0]} golden", file=sys.stderr)
        return 2
    try:
        if argv[1] == "score":
            try:
                # parse_int=float reads integer literals the way JavaScript's JSON.parse does:
                # as the nearest double, and "-0" as -0.0 (int("-0") would lose the sign).
                request = json.load(sys.stdin, parse_constant=_reject_constant, parse_int=float)
            except json.JSONDecodeError as err:
                raise InputError(f"invalid JSON: {err}") from None
            result = score_request(request)
        else:
            result = golden()
        # allow_nan=False: a NaN or infinity anywhere in the output (not JSON, and never a
        # valid score) raises instead of being written. Floats are written with repr, which
        # reads back to the same double. dumps (not dump) runs the fast C encoder.
        try:
            text = json.dumps(result, allow_nan=False, indent=2 if argv[1] == "golden" else None)
        except ValueError:
            raise InputError("a result is not finite: input outside the model's domain") from None
    except InputError as err:
        print(f"fusion_reference: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
