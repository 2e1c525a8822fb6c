"""Independent reference vectors for the experiment module's stable JSON, seeds and identifiers.

Re-implements, from the experiment schema's definition, the three primitives the TypeScript port must match
byte for byte, and prints every vector as one JSON object (keys: name -> value). The outputs are
baked into stable-json.test.ts / seed-and-id.test.ts as literals; rerun with `python3 vectors.py`.
"""
import hashlib
import json


def to_jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return str(value)


def stable_json_dumps(data):
    return json.dumps(to_jsonable(data), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def derive_seed(study_id, condition_id, replicate, salt="", base_seed=0,
                strategy="condition_replicate", per_run_offset=9973):
    payload = {
        "base_seed": base_seed,
        "strategy": strategy,
        "per_run_offset": per_run_offset,
        "study_id": study_id,
        "condition_id": condition_id,
        "replicate": replicate,
        "salt": salt,
    }
    digest = hashlib.sha256(stable_json_dumps(payload).encode("utf-8")).hexdigest()
    return int(digest[:16], 16) % (2**31 - 1)


def hash_identifier(prefix, payload, length=12):
    digest = hashlib.sha256(stable_json_dumps(payload).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:length]}"


JSON_CASES = {
    "flat": {"b": 1, "a": [1, 2.5, "x"], "c": None, "d": True, "e": False},
    "nested": {"z": {"y": [], "x": {}}, "a": [[1, [2, {"k": "v"}]], {"b": None}]},
    "strings": ["caf\u00e9", "\u4e2d\u6587", "\U0001F600", "\U0001D518", "q\"b\\s/",
                "\n\r\t\b\f", "\x00\x1f\x7f\x80", "\u2028\ufeff", "~ "],
    "key_order": {"\uffff": 1, "\U0001F600": 2, "\ue000": 3, "a": 4, "\u00e9": 5, "B": 6, "": 7},
    "floats": [1.0, 0.1, 1e-05, 0.0001, 1e16, 1e22, 1.5e-7, 123456789.123, -0.0, 0.0,
               9007199254740992.0, 5e-324, 1.7976931348623157e308, 1 / 3, 100.5,
               1e15, 12345678901234567890.0, -2.5e-300, 1e21, 1e-7],
    "ints": [0, -5, 2**53 - 1, 2**53 + 1, 10**20, -(10**30)],
    "thresholds": [1e15 + 0.5, 0.00012345, 0.000012345, 123e-20],
    "non_finite": [float("nan"), float("inf"), float("-inf")],
    "non_string_keys": {1: "a", 2.5: "b", None: "c", False: "d"},
    "unicode_keys": {"\u00e9tude": {"\u4e2d\u6587": "\U0001F600"}, "\U0001D518": [1, 2]},
}

SEED_CASES = {
    "defaults": dict(study_id="study-a", condition_id="baseline", replicate=0),
    "replicate_1": dict(study_id="study-a", condition_id="baseline", replicate=1),
    "salted": dict(study_id="study-a", condition_id="baseline", replicate=0, salt="v2"),
    "policy": dict(study_id="study-a", condition_id="treatment", replicate=3, base_seed=42,
                   strategy="custom", per_run_offset=1),
    "unicode": dict(study_id="\u00e9tude-\u4e2d\u6587", condition_id="\U0001F600-\U0001D518", replicate=2),
    "big_2_53_plus_1": dict(study_id="s", condition_id="c", replicate=2**53 + 1),
    "big_10_20": dict(study_id="s", condition_id="c", replicate=10**20),
    "big_base_seed": dict(study_id="s", condition_id="c", replicate=0, base_seed=2**64, per_run_offset=-7),
}

ID_CASES = {
    "run_default": dict(prefix="run", payload={"study_id": "s", "condition_id": "c", "replicate": 0, "seed": 123}),
    "len8": dict(prefix="cond", payload={"name": "baseline", "temperature": 0.7}, length=8),
    "len64": dict(prefix="x", payload={}, length=64),
    "len_over": dict(prefix="x", payload={"a": 1}, length=100),
    "unicode": dict(prefix="obs", payload={"\U0001F600": "\u00e9", "\ue000": "\u4e2d\u6587", "\U0001D518": 10**20}),
    "float_payload": dict(prefix="p", payload={"t": 1.0, "u": 1e-05, "v": 1e16}),
}


def main():
    out = {
        "json": {k: stable_json_dumps(v) for k, v in JSON_CASES.items()},
        "seed": {k: derive_seed(**v) for k, v in SEED_CASES.items()},
        "id": {k: hash_identifier(**v) for k, v in ID_CASES.items()},
        # runStudy's run ids: hash_identifier("run", {study_id, condition_id, replicate, seed}).
        "study_runs": [
            {"condition_id": c, "replicate": r, "seed": derive_seed("study-a", c, r),
             "run_id": hash_identifier("run", {"study_id": "study-a", "condition_id": c, "replicate": r,
                                               "seed": derive_seed("study-a", c, r)})}
            for r in range(2) for c in ("baseline", "treatment")
        ],
        "seed_payload_defaults": stable_json_dumps({
            "base_seed": 0, "strategy": "condition_replicate", "per_run_offset": 9973,
            "study_id": "study-a", "condition_id": "baseline", "replicate": 0, "salt": "",
        }),
    }
    print(json.dumps(out, indent=2, ensure_ascii=True))


if __name__ == "__main__":
    main()
