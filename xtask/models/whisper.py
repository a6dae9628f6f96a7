"""Whisper base in CTranslate2's binary format -> two ONNX graphs.

`encoder.onnx`: mel [B, 80, 3000] -> the decoder's cross-attention keys and
values for each layer i, computed once per 30 s window:
  cross_k_i [B, H, 64, 1500] (already transposed for q @ k) and
  cross_v_i [B, H, 1500, 64].
`decoder.onnx`: tokens [B, T] int64, past_k_i / past_v_i [B, H, P, 64] (P = 0
at the start), cross_k_i, cross_v_i -> logits of the last position
[B, 51865] and present_k_i / present_v_i [B, H, P + T, 64] to feed back as the
next pasts. The position offset is P; a causal mask covers the T new tokens.
One tensor per layer rather than one stacked tensor: slicing a stacked input
made ONNX Runtime copy the whole cache at every step.

CTranslate2 keeps Whisper's layers pre-norm, fuses self-attention's q/k/v into
one [3D, D] linear and cross-attention's k/v into one [2D, D] linear, and ties
the output projection to the token embeddings.
"""

import struct

import numpy as np

from graph import FLOAT, INT64, Graph

DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2(data):
    """The variables of a CTranslate2 model.bin, as numpy arrays (float32)."""
    pos = 0

    def u32():
        nonlocal pos
        (v,) = struct.unpack_from("<I", data, pos)
        pos += 4
        return v

    def string():
        nonlocal pos
        (n,) = struct.unpack_from("<H", data, pos)
        s = data[pos + 2 : pos + 2 + n - 1].decode("utf-8")
        pos += 2 + n
        return s

    version = u32()
    if version != 6:
        raise SystemExit(f"whisper: CTranslate2 format version {version}, expected 6")
    spec = string()
    if spec != "WhisperSpec":
        raise SystemExit(f"whisper: model spec {spec!r}, expected WhisperSpec")
    u32()  # spec revision
    variables = {}
    for _ in range(u32()):
        name = string()
        rank = data[pos]
        pos += 1
        dims = [u32() for _ in range(rank)]
        dtype = data[pos]
        pos += 1
        nbytes = u32()
        if dtype not in DTYPES:
            raise SystemExit(f"whisper: {name} has dtype {dtype}, which this converter does not read")
        array = np.frombuffer(data, dtype=DTYPES[dtype], count=nbytes // np.dtype(DTYPES[dtype]).itemsize, offset=pos)
        variables[name] = array.reshape(dims) if dims else array
        pos += nbytes
    for _ in range(u32()):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


class Whisper:
    def __init__(self, v):
        self.v = v
        self.heads = int(v["encoder/num_heads"][0])
        self.width = v["encoder/conv1/bias"].shape[0]
        self.head_dim = self.width // self.heads
        self.enc_layers = sum(1 for k in v if k.startswith("encoder/layer_") and k.endswith("ffn/linear_0/bias"))
        self.dec_layers = sum(1 for k in v if k.startswith("decoder/layer_") and k.endswith("ffn/linear_0/bias"))
        self.scale = 1.0 / np.sqrt(self.head_dim)

    def f(self, name):
        return self.v[name].astype(np.float32)

    def ln(self, g, x, prefix):
        return g.layer_norm(x, self.f(prefix + "/gamma"), self.f(prefix + "/beta"), prefix, 1e-5)

    def lin(self, g, x, prefix, rows=None):
        w = self.f(prefix + "/weight")
        b = self.f(prefix + "/bias") if prefix + "/bias" in self.v else None
        if rows is not None:
            w = w[rows]
            b = b[rows] if b is not None else None
        return g.linear(x, w, b, prefix + ("" if rows is None else f"[{rows.start}:{rows.stop}]"))

    def ffn(self, g, x, prefix):
        h = self.ln(g, x, prefix + "/layer_norm")
        h = g.gelu(self.lin(g, h, prefix + "/linear_0"))
        return g.op("Add", [x, self.lin(g, h, prefix + "/linear_1")])

    def thirds(self, i):
        return slice(i * self.width, (i + 1) * self.width)

    # -- encoder -----------------------------------------------------------

    def encoder(self):
        g = Graph("whisper_encoder")
        mel = g.input("mel", FLOAT, ["batch", 80, 3000])
        x = g.op("Conv", [mel, g.weight("conv1.weight", self.f("encoder/conv1/weight")),
                          g.weight("conv1.bias", self.f("encoder/conv1/bias"))], kernel_shape=[3], pads=[1, 1])
        x = g.gelu(x)
        x = g.op("Conv", [x, g.weight("conv2.weight", self.f("encoder/conv2/weight")),
                          g.weight("conv2.bias", self.f("encoder/conv2/bias"))],
                 kernel_shape=[3], pads=[1, 1], strides=[2])
        x = g.gelu(x)
        x = g.op("Transpose", [x], perm=[0, 2, 1])  # [B, 1500, D]
        x = g.op("Add", [x, g.weight("positions", self.f("encoder/position_encodings/encodings"))])
        for i in range(self.enc_layers):
            p = f"encoder/layer_{i}"
            h = self.ln(g, x, p + "/self_attention/layer_norm")
            q = g.heads(self.lin(g, h, p + "/self_attention/linear_0", self.thirds(0)), self.heads, self.head_dim)
            k = g.heads(self.lin(g, h, p + "/self_attention/linear_0", self.thirds(1)), self.heads, self.head_dim)
            v = g.heads(self.lin(g, h, p + "/self_attention/linear_0", self.thirds(2)), self.heads, self.head_dim)
            k_t = g.op("Transpose", [k], perm=[0, 1, 3, 2])
            a = g.merge_heads(g.attend(q, k_t, v, self.scale), self.width)
            x = g.op("Add", [x, self.lin(g, a, p + "/self_attention/linear_1")])
            x = self.ffn(g, x, p + "/ffn")
        x = self.ln(g, x, "encoder/layer_norm")
        H, d = self.heads, self.head_dim
        for i in range(self.dec_layers):
            p = f"decoder/layer_{i}/attention/linear_1"
            k = g.heads(self.lin(g, x, p, self.thirds(0)), self.heads, self.head_dim)
            v = g.heads(self.lin(g, x, p, self.thirds(1)), self.heads, self.head_dim)
            g.output(g.op("Transpose", [k], perm=[0, 1, 3, 2]), f"cross_k_{i}", FLOAT, ["batch", H, d, 1500])
            g.output(v, f"cross_v_{i}", FLOAT, ["batch", H, 1500, d])
        return g.model("Whisper base encoder: log-mel [B, 80, 3000] -> cross-attention keys and values per decoder layer")

    # -- decoder -----------------------------------------------------------

    def decoder(self):
        g = Graph("whisper_decoder")
        L, H, d = self.dec_layers, self.heads, self.head_dim
        tokens = g.input("tokens", INT64, ["batch", "tokens"])
        past_k = [g.input(f"past_k_{i}", FLOAT, ["batch", H, "past", d]) for i in range(L)]
        past_v = [g.input(f"past_v_{i}", FLOAT, ["batch", H, "past", d]) for i in range(L)]
        cross_k = [g.input(f"cross_k_{i}", FLOAT, ["batch", H, d, 1500]) for i in range(L)]
        cross_v = [g.input(f"cross_v_{i}", FLOAT, ["batch", H, 1500, d]) for i in range(L)]

        past = g.dim(past_k[0], 2)
        total = g.op("Add", [past, g.dim(tokens, 1)])
        q_pos = g.op("Range", [past, total, g.const(1)])  # [T]
        k_pos = g.op("Range", [g.const(0), total, g.const(1)])  # [P + T]
        future = g.op("Greater", [g.op("Unsqueeze", [k_pos, g.const([0])]), g.op("Unsqueeze", [q_pos, g.const([1])])])
        mask = g.op("Where", [future, g.const(-1e9, np.float32), g.const(0.0, np.float32)])  # [T, P + T]

        x = g.op("Gather", [g.weight("embeddings", self.f("decoder/embeddings/weight")), tokens])
        x = g.op("Add", [x, g.op("Gather", [g.weight("positions", self.f("decoder/position_encodings/encodings")), q_pos])])
        for i in range(L):
            p = f"decoder/layer_{i}"
            h = self.ln(g, x, p + "/self_attention/layer_norm")
            q = g.heads(self.lin(g, h, p + "/self_attention/linear_0", self.thirds(0)), H, d)
            k = g.heads(self.lin(g, h, p + "/self_attention/linear_0", self.thirds(1)), H, d)
            v = g.heads(self.lin(g, h, p + "/self_attention/linear_0", self.thirds(2)), H, d)
            k = g.op("Concat", [past_k[i], k], axis=2)
            v = g.op("Concat", [past_v[i], v], axis=2)
            g.output(k, f"present_k_{i}", FLOAT, ["batch", H, "total", d])
            g.output(v, f"present_v_{i}", FLOAT, ["batch", H, "total", d])
            a = g.attend(q, g.op("Transpose", [k], perm=[0, 1, 3, 2]), v, self.scale, mask)
            x = g.op("Add", [x, self.lin(g, g.merge_heads(a, self.width), p + "/self_attention/linear_1")])

            h = self.ln(g, x, p + "/attention/layer_norm")
            q = g.heads(self.lin(g, h, p + "/attention/linear_0"), H, d)
            a = g.attend(q, cross_k[i], cross_v[i], self.scale)
            x = g.op("Add", [x, self.lin(g, g.merge_heads(a, self.width), p + "/attention/linear_2")])
            x = self.ffn(g, x, p + "/ffn")
        last = g.op("Slice", [x, g.const([-1]), g.const([2**62]), g.const([1])])
        last = self.ln(g, g.op("Squeeze", [last, g.const([1])]), "decoder/layer_norm")
        logits = g.linear(last, self.f("decoder/projection/weight"), None, "projection")
        vocab = self.v["decoder/embeddings/weight"].shape[0]
        g.output(logits, "logits", FLOAT, ["batch", vocab])
        return g.model("Whisper base decoder step with a key/value cache: logits of the last position")


def convert(model_bin):
    w = Whisper(read_ct2(model_bin))
    return w.encoder(), w.decoder()
