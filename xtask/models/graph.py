"""A small builder for ONNX graphs written by hand (opset 17, standard ops only).

The converters describe each model as a list of nodes over named values; this
module keeps the bookkeeping (unique names, initializers, constants) in one
place so the graphs read like the model's forward pass. Every name is derived
from a counter, never from ids or time, so the same weights give the same bytes.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


class Graph:
    def __init__(self, name):
        self.name = name
        self.nodes = []
        self.inits = []
        self.inputs = []
        self.outputs = []
        self._n = 0
        self._consts = {}

    def fresh(self, hint):
        self._n += 1
        return f"{hint}_{self._n}"

    def input(self, name, elem, shape):
        self.inputs.append(helper.make_tensor_value_info(name, elem, shape))
        return name

    def output(self, value, name, elem, shape):
        self.op("Identity", [value], name=name)
        self.outputs.append(helper.make_tensor_value_info(name, elem, shape))

    def weight(self, name, array):
        """An initializer holding `array` (float32 or int64, contiguous)."""
        array = np.array(array, order="C")  # (ascontiguousarray would make a 0-d array 1-d)
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def const(self, value, dtype=np.int64):
        """A small constant, shared between uses."""
        array = np.asarray(value, dtype=dtype)
        key = (array.dtype.str, array.shape, array.tobytes())
        if key not in self._consts:
            self._consts[key] = self.weight(self.fresh("const"), array)
        return self._consts[key]

    def op(self, op_type, inputs, name=None, **attrs):
        out = name or self.fresh(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=self.fresh("n_" + op_type), **attrs))
        return out

    def op_n(self, op_type, inputs, n, **attrs):
        outs = [self.fresh(op_type.lower()) for _ in range(n)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.fresh("n_" + op_type), **attrs))
        return outs

    # -- layers ------------------------------------------------------------

    def linear(self, x, weight, bias, name):
        """x @ weight.T + bias, with `weight` in PyTorch's [out, in] layout."""
        w = self.weight(f"{name}.weight", weight.T.astype(np.float32))
        y = self.op("MatMul", [x, w])
        if bias is None:
            return y
        return self.op("Add", [y, self.weight(f"{name}.bias", bias.astype(np.float32))])

    def layer_norm(self, x, gamma, beta, name, eps):
        g = self.weight(f"{name}.gamma", gamma.astype(np.float32))
        b = self.weight(f"{name}.beta", beta.astype(np.float32))
        return self.op("LayerNormalization", [x, g, b], axis=-1, epsilon=float(eps))

    def gelu(self, x):
        """Exact GELU, 0.5 x (1 + erf(x / sqrt 2)) (the Gelu op is opset 20)."""
        inner = self.op("Erf", [self.op("Mul", [x, self.const(1 / np.sqrt(2), np.float32)])])
        one_plus = self.op("Add", [inner, self.const(1.0, np.float32)])
        return self.op("Mul", [self.op("Mul", [x, self.const(0.5, np.float32)]), one_plus])

    def heads(self, x, n_heads, head_dim):
        """[B, T, n*d] -> [B, n, T, d]"""
        r = self.op("Reshape", [x, self.const([0, 0, n_heads, head_dim])])
        return self.op("Transpose", [r], perm=[0, 2, 1, 3])

    def merge_heads(self, x, width):
        """[B, n, T, d] -> [B, T, n*d]"""
        t = self.op("Transpose", [x], perm=[0, 2, 1, 3])
        return self.op("Reshape", [t, self.const([0, 0, width])])

    def attend(self, q, k_t, v, scale, mask=None):
        """softmax(q k_t * scale + mask) v, with k_t already [B, n, d, S]."""
        scores = self.op("Mul", [self.op("MatMul", [q, k_t]), self.const(scale, np.float32)])
        if mask is not None:
            scores = self.op("Add", [scores, mask])
        return self.op("MatMul", [self.op("Softmax", [scores], axis=-1), v])

    def dim(self, x, axis):
        """The size of one axis of x, as a 0-d int64 tensor."""
        s = self.op("Shape", [x], start=axis, end=axis + 1)
        return self.op("Squeeze", [s, self.const([0])])

    def model(self, doc):
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.inits)
        model = helper.make_model(
            graph,
            opset_imports=[helper.make_opsetid("", OPSET)],
            producer_name="panel-models",
            producer_version="1",
            doc_string=doc,
        )
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=False)
        return model


FLOAT = TensorProto.FLOAT
INT64 = TensorProto.INT64
