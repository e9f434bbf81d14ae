#!/usr/bin/python3
"""Reference fixtures for the loss core in src/loss/, generated with real PyTorch.

Run it from the repository root (output paths follow the script, not the cwd); it needs
Debian's PyTorch 1.13 (`apt-get install -y python3-torch`):

    /usr/bin/python3 scripts/generate-fixtures.py

Always call /usr/bin/python3 explicitly: another python3 may come first on PATH and lacks torch.
The script writes src/loss/fixtures/<group>.json (one file per group of functions), then checks
every file it wrote and prints the number of cases per file. Inputs are hand-picked or drawn from
a seeded torch.Generator, nothing is fetched, and a re-run produces byte-identical files.

Each file is {"generator", "torch", "cases"}; a case records the TypeScript function name ("fn"),
the PyTorch call it mirrors ("call"), the positional tensors ("args"), the TS options
("options", camelCase, tensors inside as TENSOR), and either "output" (+ "grad" w.r.t. args[0],
+ "gradOutput" when the upstream gradient is not all ones) or "error" (str(exception) of torch).
A float32 result also carries its repr ("outputRepr", "gradRepr"): the core must print float32
exactly as PyTorch does. A case marked "exact" pins a float32 output the core must reproduce to
the bit. UserWarnings torch emits are not recorded: the core has no warning channel, so nothing
could check them. TENSOR is
{"dtype": "float64"|"float32"|"int64", "shape": [...], "values": nested lists or a bare number},
with NaN, Infinity, -Infinity and -0 spelled as the strings "NaN", "Infinity", "-Infinity", "-0".
"""
import json
import math
import os
import sys
import warnings

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, 'src', 'loss', 'fixtures')
GENERATOR = 'scripts/generate-fixtures.py'

F64 = torch.float64
F32 = torch.float32
I64 = torch.int64
INF = math.inf
NAN = math.nan

DTYPE_NAMES = {F64: 'float64', F32: 'float32', I64: 'int64'}

# --------------------------------------------------------------------------------------------
# Encoding


def encode_number(v, is_int):
    if is_int:
        return int(v)
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if v == INF:
        return 'Infinity'
    if v == -INF:
        return '-Infinity'
    if v == 0.0 and math.copysign(1.0, v) < 0:
        return '-0'
    return v


def encode_nested(values, is_int):
    if isinstance(values, list):
        return [encode_nested(v, is_int) for v in values]
    return encode_number(values, is_int)


def enc(t):
    """A torch tensor as a fixture TENSOR."""
    t = t.detach()
    if t.dtype not in DTYPE_NAMES:
        raise TypeError(f'unsupported dtype in a fixture: {t.dtype}')
    return {
        'dtype': DTYPE_NAMES[t.dtype],
        'shape': list(t.shape),
        'values': encode_nested(t.tolist(), t.dtype == I64),
    }


def enc_options(options):
    out = {}
    for key, value in options.items():
        out[key] = enc(value) if isinstance(value, torch.Tensor) else value
    return out


# --------------------------------------------------------------------------------------------
# Inputs

GEN = torch.Generator().manual_seed(20240613)


def randn(*shape, dtype=F64, scale=1.0):
    """Seeded normal values rounded to 4 decimals (short, readable JSON), then cast."""
    x = torch.randn(tuple(shape), generator=GEN, dtype=F64) * scale
    return (torch.round(x * 1e4) / 1e4).to(dtype)


def rand(*shape, dtype=F64, lo=0.0, hi=1.0):
    x = lo + (hi - lo) * torch.rand(tuple(shape), generator=GEN, dtype=F64)
    return (torch.round(x * 1e4) / 1e4).to(dtype)


def randint(high, *shape, low=0):
    return torch.randint(low, high, tuple(shape), generator=GEN, dtype=I64)


def probs(*shape, dim=-1, dtype=F64):
    """Rows of a random distribution along dim (the exact values torch computed)."""
    return torch.softmax(randn(*shape), dim=dim).to(dtype)


def T(values, dtype=F64):
    return torch.tensor(values, dtype=dtype)


def shape_str(t):
    return '(' + ','.join(str(s) for s in t.shape) + ')'


def dtype_str(t):
    return DTYPE_NAMES.get(t.dtype, str(t.dtype))



class Keywords:
    """The options of one case, spelled the three ways a case needs them: torch keywords,
    the TS core's camelCase options, and the text of the PyTorch call."""

    def __init__(self):
        self.kw = {}
        self.opts = {}
        self.call = []
        self.parts = []

    def add(self, torch_key, ts_key, value, shown, part=None):
        self.kw[torch_key] = value
        self.opts[ts_key] = value
        self.call.append((torch_key, shown))
        if part is not None:
            self.parts.append(part)

    def reduction(self, reduction, omit):
        """Pass reduction unless the case tests the default; returns the name's reduction word."""
        if not omit:
            self.add('reduction', 'reduction', reduction, repr(reduction))
        return 'default reduction' if omit else reduction


# --------------------------------------------------------------------------------------------
# Running a case

GROUPS = {}
BACKWARD_ERRORS = []  # (case name, error text) where the forward ran but the backward raised
GROUP_ORDER = [
    'softmax', 'cross-entropy', 'nll-loss', 'kl-div', 'binary-cross-entropy', 'mse-loss',
    'one-hot', 'information', 'format-tensor', 'pointwise', 'float32-reductions',
]


def add(group, name, fn, call, func, args, options=None, *, backward=False, grad_output=None,
        exact=False):
    """Run func(args) in torch and append the case.

    func receives the list of argument tensors (args[0] requires grad when backward is set) and
    returns the output tensor. With backward, the output is back-propagated with grad_output
    (ones when None) and the gradient of args[0] is recorded.
    """
    options = options or {}
    case = {'name': name, 'fn': fn, 'call': call, 'args': [enc(a) for a in args], 'options': enc_options(options)}
    run_args = [a.detach().clone() for a in args]
    if backward and run_args[0].is_floating_point():
        run_args[0].requires_grad_(True)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        grad = None
        try:
            out = func(run_args)
        except (RuntimeError, ValueError, IndexError, TypeError) as e:
            out = None
            case['error'] = str(e)
        if out is not None and backward:
            try:
                out.backward(torch.ones_like(out) if grad_output is None else grad_output)
                grad = run_args[0].grad
                if grad is None:
                    raise AssertionError(f'{name}: no gradient')
            except RuntimeError as e:
                # The forward works but torch's backward raises: keep the output, no gradient.
                BACKWARD_ERRORS.append((name, str(e)))
    if out is not None:
        case['output'] = enc(out)
        if isinstance(out, torch.Tensor) and out.dtype == F32:
            case['outputRepr'] = repr(out.detach())
        if grad is not None:
            case['grad'] = enc(grad)
            if grad.dtype == F32:
                case['gradRepr'] = repr(grad)
            if grad_output is not None:
                case['gradOutput'] = enc(grad_output)
    if exact:
        assert out is not None and out.dtype == F32, f'{name}: only float32 results are pinned'
        case['exact'] = True
    GROUPS.setdefault(group, []).append(case)
    return case


def kwargs_text(pairs):
    return ''.join(f', {k}={v}' for k, v in pairs)


def opt_label(parts):
    return ' '.join(p for p in parts if p)


# --------------------------------------------------------------------------------------------
# softmax.json: softmax, logSoftmax, logSumExp, softmaxBackward


def gen_softmax():
    g = 'softmax'
    x1 = T([1.0, 2.0, 3.0])
    x2 = randn(3, 4)
    x3 = randn(2, 3, 4)
    x4 = randn(2, 3, 2, 2)
    plain = [
        ('1-D', x1, [0, -1]),
        ('random', x2, [0, 1, -1]),
        ('random', x3, [0, 1, 2]),
        ('random', x4, [1, 2, -1]),
        ('0-d', T(0.7), [0, -1]),
        ('0-d negative', T(-3.25), [0]),
        ('[1000,1000]', T([1000.0, 1000.0]), [0]),
        ('[-1000,-1000]', T([-1000.0, -1000.0]), [0]),
        ('[-1e4,1e4]', T([-1e4, 1e4]), [0]),
        ('[1000,1001,-inf]', T([1000.0, 1001.0, -INF]), [0]),
        ('[1e30,0,-1e30]', T([1e30, 0.0, -1e30]), [0]),
        ('two 1e308', T([1e308, 1e308, 0.0]), [0]),
        ('[1.7e308,-1.7e308,0]', T([1.7e308, -1.7e308, 0.0]), [0]),
        ('-inf entry', T([[1.0, -INF, 2.0], [0.5, 0.25, -INF]]), [1]),
        ('all -inf row', T([[-INF, -INF, -INF], [0.0, 1.0, 2.0]]), [1, 0]),
        ('+inf entry', T([[1.0, INF, 2.0], [0.0, 1.0, 2.0]]), [1]),
        ('two +inf', T([INF, INF, 1.0]), [0]),
        ('+inf and -inf', T([INF, -INF, 0.0]), [0]),
        ('NaN entry', T([[1.0, NAN, 2.0], [3.0, 2.0, 1.0]]), [1, 0]),
        ('empty (0,3)', torch.zeros(0, 3), [1, 0]),
        ('empty (3,0)', torch.zeros(3, 0), [1]),
        ('constant row', T([[5.0, 5.0, 5.0, 5.0]]), [1]),
        ('single class', T([[2.5], [-7.0]]), [1]),
        ('negative and tiny', T([-1e-300, 1e-300, -0.0, 0.0]), [0]),
        ('float32 random', randn(3, 4, dtype=F32), [1, 0]),
        ('float32 large', T([1000.0, 1001.0, -INF, 88.0], F32), [0]),
        ('float32 3-D', randn(2, 3, 2, dtype=F32), [1]),
        ('float32 [1e30,0,-1e30]', T([1e30, 0.0, -1e30], F32), [0]),
    ]
    for fn, torch_fn, call_fn in (
        ('softmax', F.softmax, 'F.softmax'),
        ('logSoftmax', F.log_softmax, 'F.log_softmax'),
    ):
        for label, x, dims in plain:
            for d in dims:
                name = f'{fn} {label} dim={d} {shape_str(x)} {dtype_str(x)}'
                add(g, name, fn, f'{call_fn}(x, dim={d})',
                    lambda a, d=d, f=torch_fn: f(a[0], dim=d), [x], {'dim': d})
        # errors
        for label, x, d in (
            ('int64 input last dim', T([1, 2, 3], I64), -1),
            ('int64 input dim 0 of 2-D', T([[1, 2], [3, 4]], I64), 0),
            ('int64 input dim 1 of 2-D', T([[1, 2], [3, 4]], I64), 1),
            ('dim out of range', T([1.0, 2.0]), 1),
            ('dim out of range negative', T([[1.0, 2.0]]), -3),
            ('0-d dim out of range', T(1.0), 1),
        ):
            name = f'{fn} error {label} dim={d} {shape_str(x)} {dtype_str(x)}'
            add(g, name, fn, f'{call_fn}(x, dim={d})',
                lambda a, d=d, f=torch_fn: f(a[0], dim=d), [x], {'dim': d})

    # logSumExp
    lse = [
        ('1-D', x1, [(0, False), (-1, True)]),
        ('random', x2, [(0, False), (1, False), (-1, True), (0, True), (-2, False)]),
        ('random', x3, [(1, False), (1, True), (2, False), (-3, True)]),
        ('random', x4, [(2, False), (3, True), (0, False)]),
        ('0-d', T(0.7), [(0, False), (-1, True)]),
        ('[1000,1000]', T([1000.0, 1000.0]), [(0, False)]),
        ('[-1000,-1000]', T([-1000.0, -1000.0]), [(0, False)]),
        ('[-1e4,1e4]', T([-1e4, 1e4]), [(0, False)]),
        ('two 1e308', T([1e308, 1e308]), [(0, False)]),
        ('[1.7e308,1.7e308] overflows', T([1.7e308, 1.7e308]), [(0, False)]),
        ('all -inf', T([-INF, -INF]), [(0, False)]),
        ('-inf entry', T([[1.0, -INF, 2.0], [-INF, -INF, -INF]]), [(1, False), (0, True)]),
        ('+inf entry', T([INF, 1.0]), [(0, False)]),
        ('two +inf', T([INF, INF]), [(0, False)]),
        ('+inf and -inf', T([-INF, INF]), [(0, False)]),
        ('NaN entry', T([[NAN, 1.0], [2.0, 3.0]]), [(1, False), (0, False)]),
        ('NaN and +inf', T([NAN, INF]), [(0, False)]),
        ('empty (0,3)', torch.zeros(0, 3), [(1, False), (0, False), (0, True)]),
        ('int64 input promotes', T([[1, 2], [3, 4]], I64), [(1, False)]),
        ('float32 random', randn(3, 4, dtype=F32), [(1, False), (0, True)]),
        ('float32 large', T([100.0, 100.0, 50.0], F32), [(0, False)]),
    ]
    for label, x, dims in lse:
        for d, keep in dims:
            name = f'logSumExp {label} dim={d} keepdim={str(keep).lower()} {shape_str(x)} {dtype_str(x)}'
            add(g, name, 'logSumExp', f'torch.logsumexp(x, dim={d}, keepdim={keep})',
                lambda a, d=d, k=keep: torch.logsumexp(a[0], dim=d, keepdim=k), [x], {'dim': d, 'keepdim': keep})
    for label, x, d in (
        ('dim out of range', T([1.0, 2.0]), 1),
        ('dim out of range negative', T([[1.0, 2.0]]), -3),
        ('0-d dim out of range', T(1.0), 1),
    ):
        name = f'logSumExp error {label} dim={d} {shape_str(x)}'
        add(g, name, 'logSumExp', f'torch.logsumexp(x, dim={d}, keepdim=False)',
            lambda a, d=d: torch.logsumexp(a[0], dim=d, keepdim=False), [x], {'dim': d, 'keepdim': False})

    # softmaxBackward: args [y, gradOutput], output = x.grad after y = softmax(x, dim); y.backward(g)
    sb = [
        ('1-D', x1, 0, None),
        ('1-D dim=-1', x1, -1, None),
        ('random', x2, 1, None),
        ('random', x2, 0, None),
        ('random', x3, 1, None),
        ('random', x3, -1, None),
        ('random', x4, 1, None),
        ('0-d', T(0.7), 0, None),
        ('empty (0,3)', torch.zeros(0, 3), 1, None),
        ('-inf logits (y has zeros)', T([[1.0, -INF, 2.0], [0.0, 0.0, -INF]]), 1, None),
        ('NaN logits (y NaN)', T([[1.0, NAN, 2.0], [0.0, 1.0, 2.0]]), 1, None),
        ('saturated', T([[1e4, 0.0, -1e4]]), 1, None),
        ('gradOutput ones', x2, 1, 'ones'),
        ('gradOutput zeros', x2, 1, 'zeros'),
        ('gradOutput one-hot', T([[0.2, 0.3, 0.5]]), 1, 'onehot'),
        ('float32', randn(3, 4, dtype=F32), 1, None),
        ('float32 3-D', randn(2, 3, 2, dtype=F32), 1, None),
    ]
    for label, x, d, gkind in sb:
        y = torch.softmax(x, dim=d)
        if gkind is None:
            go = randn(*x.shape, dtype=x.dtype)
        elif gkind == 'ones':
            go = torch.ones_like(x)
        elif gkind == 'zeros':
            go = torch.zeros_like(x)
        else:
            go = torch.zeros_like(x)
            go[..., 1] = 1.0
        name = f'softmaxBackward {label} dim={d} {shape_str(x)} {dtype_str(x)}'

        def run(a, x=x, d=d, go=go):
            xx = x.detach().clone().requires_grad_(True)
            yy = torch.softmax(xx, dim=d)
            assert torch.equal(yy.detach().nan_to_num(), a[0].nan_to_num())
            yy.backward(a[1])
            return xx.grad

        add(g, name, 'softmaxBackward', f'y = F.softmax(x, dim={d}); y.backward(gradOutput); x.grad',
            run, [y, go], {'dim': d})


# --------------------------------------------------------------------------------------------
# cross-entropy.json and nll-loss.json


def ce_case(label, x, y, *, weight=None, ignore_index=None, label_smoothing=None, reduction='mean',
            grad_output=None, group='cross-entropy', fn='crossEntropy', omit_reduction=False):
    torch_name = 'F.cross_entropy' if fn == 'crossEntropy' else 'F.nll_loss'
    k = Keywords()
    if weight is not None:
        k.add('weight', 'weight', weight, 'w', 'weight')
    if ignore_index is not None:
        k.add('ignore_index', 'ignoreIndex', ignore_index, repr(ignore_index), f'ignoreIndex={ignore_index}')
    if label_smoothing is not None:
        k.add('label_smoothing', 'labelSmoothing', label_smoothing, repr(label_smoothing),
              f'labelSmoothing={label_smoothing}')
    red = k.reduction(reduction, omit_reduction)
    target_kind = ('prob' if x.shape == y.shape else 'index') if fn == 'crossEntropy' else ''
    name = opt_label([fn, target_kind, label, '+'.join(k.parts), red,
                      f'{shape_str(x)}/{shape_str(y)}', dtype_str(x)])
    if grad_output is not None:
        name += ' random gradOutput'
    torch_fn = F.cross_entropy if fn == 'crossEntropy' else F.nll_loss
    return add(group, name, fn, f'{torch_name}(x, y{kwargs_text(k.call)})',
               lambda a: torch_fn(a[0], a[1], **k.kw), [x, y], k.opts, backward=True, grad_output=grad_output)


REFX = [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [3.0, 0.0, -2.0], [0.1, 0.2, 0.3]]
REDUCTIONS = ('none', 'sum', 'mean')


def index_shapes(dtype, C=3):
    """Inputs of every supported rank with matching class-index targets."""
    return [
        ('unbatched', randn(C, dtype=dtype), randint(C)),
        ('batch', randn(4, C, dtype=dtype), randint(C, 4)),
        ('spatial-1', randn(2, C, 3, dtype=dtype), randint(C, 2, 3)),
        ('spatial-2', randn(2, C, 2, 2, dtype=dtype), randint(C, 2, 2, 2)),
    ]


def gen_cross_entropy():
    g = 'cross-entropy'
    X = T(REFX)
    W = T([1.0, 2.0, 3.0])
    Y = T([2, 0, 1, 2], I64)
    Yi = T([2, -100, 1, 0], I64)
    # Reference numbers
    for r in REDUCTIONS:
        ce_case('reference', X, Y, reduction=r)
        ce_case('reference', X, Y, weight=W, reduction=r)
        ce_case('reference', X, Yi, weight=W, label_smoothing=0.3, reduction=r)
        ce_case('reference', X, Yi, label_smoothing=0.3, reduction=r)
        ce_case('reference', X, Y, weight=W, label_smoothing=0.2, reduction=r)
        onehot = F.one_hot(Y, 3).to(F64)
        ce_case('reference one-hot float', X, onehot, weight=W, reduction=r)
        ce_case('reference one-hot float', X, onehot, weight=W, label_smoothing=0.2, reduction=r)
        ce_case('reference unnormalised t=[2,0,0]', X, T([[2.0, 0.0, 0.0]] * 4), reduction=r)
        ce_case('reference unbatched', T([1.0, 2.0, 3.0]), T(1, I64), weight=W, reduction=r)
    ce_case('reference defaults', X, Y, omit_reduction=True)

    # Every rank x reduction, float64 and float32, class-index targets
    for dtype in (F64, F32):
        for label, x, y in index_shapes(dtype):
            for r in REDUCTIONS:
                ce_case(label, x, y, reduction=r)
            w = T([0.5, 2.0, 1.25], dtype)
            ce_case(label, x, y, weight=w, ignore_index=1, label_smoothing=0.2, reduction='mean')
            ce_case(label, x, y, weight=w, label_smoothing=0.1, reduction='sum')

    # Option sets on (N,C) and (N,C,d1,d2)
    x_b = randn(6, 4)
    y_b = T([0, 3, -100, 2, 1, 3], I64)
    y_b_ign1 = T([0, 1, 1, 2, 3, 1], I64)
    y_b_255 = T([0, 255, 2, 255, 1, 3], I64)
    w4 = T([0.2, 1.0, 2.5, 0.7])
    x_s = randn(2, 4, 2, 3)
    y_s = randint(4, 2, 2, 3)
    y_s[0, 1, 2] = -100
    y_s[1, 0, 0] = -100
    y_s_255 = y_s.clone()
    y_s_255[y_s_255 == -100] = 255
    option_sets = [
        ('ignored -100 present', {}),
        ('', {'weight': w4}),
        ('explicit zero smoothing', {'label_smoothing': 0.0}),
        ('', {'label_smoothing': 0.1}),
        ('', {'label_smoothing': 0.3}),
        ('', {'label_smoothing': 1.0}),
        ('negative smoothing', {'label_smoothing': -0.1}),
        ('', {'weight': w4, 'label_smoothing': 0.3}),
        ('', {'weight': w4, 'ignore_index': -100, 'label_smoothing': 0.1}),
    ]
    for label, kw in option_sets:
        for r in REDUCTIONS:
            ce_case(opt_label(['options', label]), x_b, y_b, reduction=r, **kw)
        for r in ('none', 'mean'):
            ce_case(opt_label(['options', label]), x_s, y_s, reduction=r, **kw)
    for r in REDUCTIONS:
        ce_case('ignoreIndex valid class', x_b, y_b_ign1, ignore_index=1, reduction=r)
        ce_case('ignoreIndex valid class', x_b, y_b_ign1, ignore_index=1, weight=w4, label_smoothing=0.2, reduction=r)
        ce_case('ignoreIndex out of range', x_b, y_b_255, ignore_index=255, reduction=r)
        ce_case('ignoreIndex out of range', x_b, y_b_255, ignore_index=255, weight=w4, label_smoothing=0.3, reduction=r)
        ce_case('ignoreIndex out of range', x_s, y_s_255, ignore_index=255, weight=w4, label_smoothing=0.1, reduction=r)
    # float32 with options
    x_b32 = x_b.to(F32)
    for r in REDUCTIONS:
        ce_case('options', x_b32, y_b, weight=w4.to(F32), label_smoothing=0.3, reduction=r)
    ce_case('options', x_s.to(F32), y_s, weight=w4.to(F32), reduction='mean')
    ce_case('options', x_s.to(F32), y_s, label_smoothing=0.1, reduction='none')

    # Random upstream gradients for 'none'
    ce_case('upstream', x_b, y_b, reduction='none', grad_output=randn(6))
    ce_case('upstream', x_b, y_b, weight=w4, label_smoothing=0.3, reduction='none', grad_output=randn(6))
    ce_case('upstream', x_s, y_s, reduction='none', grad_output=randn(2, 2, 3))
    ce_case('upstream', x_b32, y_b, reduction='none', grad_output=randn(6, dtype=F32))
    ce_case('upstream', T([1.0, 2.0, 3.0]), T(1, I64), reduction='none', grad_output=T(-2.5))
    ce_case('upstream scalar', x_b, y_b, weight=w4, reduction='mean', grad_output=T(0.5))
    ce_case('upstream scalar', x_b, y_b, label_smoothing=0.2, reduction='sum', grad_output=T(-3.0))

    # Probability targets
    prob_shapes = [
        ('unbatched', randn(4), probs(4)),
        ('batch', randn(3, 4), probs(3, 4)),
        ('spatial-1', randn(2, 4, 3), probs(2, 4, 3, dim=1)),
        ('spatial-2', randn(2, 4, 2, 2), probs(2, 4, 2, 2, dim=1)),
        ('spatial-2 (1,3,1,2)', randn(1, 3, 1, 2), probs(1, 3, 1, 2, dim=1)),
    ]
    w4p = T([0.5, 1.5, 1.0, 3.0])
    for label, x, t in prob_shapes:
        C = x.shape[0] if x.dim() == 1 else x.shape[1]
        w = w4p[:C].clone()
        for r in REDUCTIONS:
            ce_case(label, x, t, reduction=r)
            ce_case(label, x, t, weight=w, label_smoothing=0.2, reduction=r)
        ce_case(label, x, t, weight=w, reduction='mean')
        ce_case(label, x, t, label_smoothing=0.1, reduction='mean')
    xp = randn(3, 4)
    tp = probs(3, 4)
    for r in REDUCTIONS:
        ce_case('unnormalised and negative targets', xp, T([[0.5, -0.25, 1.5, 0.0], [2.0, 0.0, 0.0, 0.0], [0.1, 0.1, 0.1, 0.1]]), reduction=r)
    ce_case('ignoreIndex negative accepted', xp, tp, ignore_index=-1, reduction='mean')
    ce_case('ignoreIndex -100 accepted', xp, tp, ignore_index=-100, weight=w4p, reduction='sum')
    ce_case('labelSmoothing 1.0', xp, tp, label_smoothing=1.0, reduction='sum')
    ce_case('negative smoothing', xp, tp, label_smoothing=-0.1, reduction='mean')
    ce_case('float32', xp.to(F32), tp.to(F32), reduction='mean')
    ce_case('float32', xp.to(F32), tp.to(F32), weight=w4p.to(F32), label_smoothing=0.2, reduction='none')
    ce_case('float32 input float64 target', xp.to(F32), tp, reduction='mean')
    ce_case('float32 input float64 target', xp.to(F32), tp, reduction='none')
    ce_case('float64 input float32 target', xp, tp.to(F32), reduction='sum')
    ce_case('float64 input float32 weight', xp, tp, weight=w4p.to(F32), reduction='sum')
    ce_case('upstream', xp, tp, weight=w4p, reduction='none', grad_output=randn(3))

    # Empty batch and C = 1
    for r in REDUCTIONS:
        ce_case('empty batch', torch.zeros(0, 3), torch.zeros(0, dtype=I64), reduction=r)
        ce_case('empty batch', torch.zeros(0, 3), torch.zeros(0, dtype=I64), weight=W, label_smoothing=0.2, reduction=r)
        ce_case('empty batch', torch.zeros(0, 3), torch.zeros(0, 3), reduction=r)
        ce_case('one class', randn(3, 1), torch.zeros(3, dtype=I64), reduction=r)
        ce_case('one class', randn(3, 1), torch.ones(3, 1), reduction=r)
    ce_case('one class', randn(3, 1), torch.zeros(3, dtype=I64), label_smoothing=0.3, weight=T([2.0]), reduction='none')
    ce_case('empty spatial', torch.zeros(2, 3, 0), torch.zeros(2, 0, dtype=I64), reduction='mean')

    # Degenerate weights and all-ignored
    for r in REDUCTIONS:
        ce_case('all ignored', X, T([-100] * 4, I64), reduction=r)
        ce_case('all ignored', X, T([-100] * 4, I64), weight=W, label_smoothing=0.2, reduction=r)
        ce_case('all ignored custom index', X, T([1, 1, 1, 1], I64), ignore_index=1, reduction=r)
        ce_case('weight all zero', X, Y, weight=T([0.0, 0.0, 0.0]), reduction=r)
        ce_case('weight partly zero', X, Y, weight=T([1.0, 0.0, 2.0]), label_smoothing=0.1, reduction=r)
        ce_case('negative weights sum to zero', X[:2], T([0, 1], I64), weight=T([-1.0, 1.0, 1.0]), reduction=r)
        ce_case('negative weights', X, Y, weight=T([-1.0, 2.0, 0.5]), label_smoothing=0.2, reduction=r)

    # Non-finite and extreme logits
    xm = T([1.0, -INF, 2.0])
    ce_case('masked class -inf', xm, T(2, I64), reduction='mean')
    ce_case('masked class -inf', xm, T(2, I64), label_smoothing=0.1, reduction='mean')
    ce_case('masked class -inf', xm, T(2, I64), label_smoothing=0.1, weight=T([1.0, 0.0, 1.0]), reduction='mean')
    ce_case('masked class -inf is target', xm, T(1, I64), reduction='mean')
    ce_case('masked class -inf', xm, T([0.0, 0.0, 1.0]), reduction='mean')
    ce_case('masked class -inf', xm, T([0.0, 0.0, 1.0]), label_smoothing=0.1, reduction='mean')
    xmb = T([[1.0, -INF, 2.0], [0.5, 0.5, -INF], [3.0, 1.0, 0.0]])
    for r in REDUCTIONS:
        ce_case('masked class -inf', xmb, T([2, 0, 1], I64), reduction=r)
    ce_case('+inf logit', T([[1.0, INF, 2.0], [1.0, 2.0, 3.0]]), T([0, 1], I64), reduction='none')
    ce_case('+inf logit', T([[1.0, INF, 2.0], [1.0, 2.0, 3.0]]), T([1, 1], I64), reduction='mean')
    ce_case('NaN logit', T([[1.0, NAN, 2.0], [1.0, 2.0, 3.0]]), T([0, 2], I64), reduction='none')
    ce_case('NaN logit', T([[1.0, NAN, 2.0], [1.0, 2.0, 3.0]]), T([0, 2], I64), reduction='sum')
    ce_case('NaN logit in ignored row', T([[1.0, NAN, 2.0], [1.0, 2.0, 3.0]]), T([-100, 1], I64), reduction='mean')
    ce_case('+inf logit in ignored row', T([[1.0, INF, 2.0], [1.0, 2.0, 3.0]]), T([-100, 1], I64), reduction='sum')
    ce_case('+inf logit', T([[1.0, INF, 2.0]]), T([[0.2, 0.3, 0.5]]), reduction='mean')
    ce_case('huge logits 1e4', T([1e4, 0.0, -1e4]), T(2, I64), reduction='mean')
    ce_case('huge logits 1e4', T([[1e4, 0.0, -1e4], [0.0, 1e4, 0.0]]), T([2, 1], I64), reduction='none')
    ce_case('huge logits 1e30', T([1e30, 0.0, -1e30]), T(1, I64), reduction='mean')
    ce_case('huge logits 1e30', T([1e30, 0.0, -1e30], F32), T(1, I64), reduction='mean')
    ce_case('huge logits 1.7e308', T([1.7e308, -1.7e308, 0.0]), T(1, I64), reduction='mean')
    ce_case('huge logits 1.7e308', T([[1.7e308, -1.7e308, 0.0]]), T([[0.0, 1.0, 0.0]]), reduction='mean')
    ce_case('huge logits 1e30', T([[1e30, 0.0, -1e30]]), T([[0.25, 0.5, 0.25]]), reduction='sum')
    ce_case('huge logits float32 1e4', T([[1e4, 0.0, -1e4], [50.0, -50.0, 0.0]], F32), T([2, 0], I64), label_smoothing=0.1, reduction='none')

    # Errors
    xe = randn(3, 4)
    ce_case('error target out of bounds', xe, T([0, 1, 5], I64))
    ce_case('error target -1 out of bounds', xe, T([0, -1, 2], I64))
    ce_case('error target out of bounds unbatched', T([1.0, 2.0, 3.0]), T(3, I64))
    ce_case('error batch size mismatch', randn(4, 3), T([0, 1, 2], I64))
    ce_case('error float index target', xe, T([0.0, 1.0, 2.0]))
    ce_case('error int64 probability target', xe, torch.zeros(3, 4, dtype=I64))
    ce_case('error int64 probability target unbatched', T([1.0, 2.0, 3.0]), T([0, 1, 0], I64))
    ce_case('error labelSmoothing 1.5', xe, T([0, 1, 2], I64), label_smoothing=1.5)
    ce_case('error labelSmoothing 1.1', xe, probs(3, 4), label_smoothing=1.1)
    ce_case('error reduction avg', xe, T([0, 1, 2], I64), reduction='avg')
    ce_case('error reduction batchmean', xe, T([0, 1, 2], I64), reduction='batchmean')
    ce_case('error weight wrong length', xe, T([0, 1, 2], I64), weight=torch.ones(3))
    ce_case('error weight wrong shape (1,C)', xe, T([0, 1, 2], I64), weight=torch.ones(1, 4))
    ce_case('error weight wrong length', xe, probs(3, 4), weight=torch.ones(5))
    ce_case('error weight float32 with float64 input', xe, T([0, 1, 2], I64), weight=torch.ones(4, dtype=F32))
    ce_case('error ignoreIndex non-negative with probability target', xe, probs(3, 4), ignore_index=0)
    ce_case('error multi-target', xe, T([[0], [1], [2]], I64))
    ce_case('error spatial target size mismatch 3-D', randn(2, 3, 2), torch.zeros(2, 3, dtype=I64))
    ce_case('error spatial target size mismatch 4-D', randn(2, 3, 2, 2), torch.zeros(2, 2, 3, dtype=I64))
    ce_case('error 4-D input with 2-D target', randn(2, 3, 2, 2), torch.zeros(2, 2, dtype=I64))
    ce_case('error unbatched input with (1,) target', T([1.0, 2.0, 3.0]), T([1], I64))
    ce_case('error probability target shape mismatch', xe, probs(3, 3))
    ce_case('error int64 input', T([[1, 2, 3]], I64), T([0], I64))


def gen_nll_loss():
    g = 'nll-loss'

    def nll(label, x, y, **kw):
        return ce_case(label, x, y, group=g, fn='nllLoss', **kw)

    X = F.log_softmax(T(REFX), dim=1)
    W = T([1.0, 2.0, 3.0])
    Y = T([2, 0, 1, 2], I64)
    for r in REDUCTIONS:
        nll('log-probabilities of reference', X, Y, reduction=r)
        nll('log-probabilities of reference', X, Y, weight=W, reduction=r)
        nll('log-probabilities of reference with -100 target', X, T([2, -100, 1, 0], I64), weight=W, reduction=r)
    nll('raw input used as-is', T([[0.2, 0.8]]), T([1], I64), reduction='mean')
    nll('raw input used as-is', T([[0.2, 0.8], [-3.0, 5.0]]), T([1, 0], I64), reduction='none')
    nll('defaults', X, Y, omit_reduction=True)
    for dtype in (F64, F32):
        for label, x, y in index_shapes(dtype, C=4):
            x = F.log_softmax(x, dim=0 if x.dim() == 1 else 1)
            for r in REDUCTIONS:
                nll(label, x, y, reduction=r)
            w = T([0.5, 2.0, 1.25, 3.0], dtype)
            nll(label, x, y, weight=w, reduction='mean')
            nll(label, x, y, weight=w, ignore_index=1, reduction='sum')
    xb = randn(5, 3)
    for r in REDUCTIONS:
        nll('ignoreIndex default present', xb, T([0, -100, 2, 1, -100], I64), weight=W, reduction=r)
        nll('ignoreIndex valid class', xb, T([0, 1, 2, 1, 1], I64), ignore_index=1, reduction=r)
        nll('ignoreIndex out of range', xb, T([0, 255, 2, 255, 1], I64), ignore_index=255, weight=W, reduction=r)
        nll('all ignored', xb, T([-100] * 5, I64), reduction=r)
        nll('weight all zero', xb, T([0, 1, 2, 1, 0], I64), weight=torch.zeros(3), reduction=r)
        nll('negative weights', xb, T([0, 1, 2, 1, 0], I64), weight=T([-1.0, 0.5, 2.0]), reduction=r)
        nll('empty batch', torch.zeros(0, 3), torch.zeros(0, dtype=I64), reduction=r)
        nll('one class', randn(3, 1), torch.zeros(3, dtype=I64), reduction=r)
        nll('1-D input with same-length 1-D target uses target[0]', T([-1.0, -2.0, -3.0]), T([1, 0, 2], I64), reduction=r)
    nll('upstream', xb, T([0, 1, 2, 1, 0], I64), weight=W, reduction='none', grad_output=randn(5))
    nll('upstream', randn(2, 3, 2, 2), randint(3, 2, 2, 2), reduction='none', grad_output=randn(2, 2, 2))
    nll('upstream scalar', xb, T([0, 1, 2, 1, 0], I64), reduction='mean', grad_output=T(2.0))
    nll('non-finite input', T([[-INF, 0.0, 1.0], [NAN, 0.0, 0.0], [INF, 1.0, 2.0]]), T([0, 1, 0], I64), reduction='none')
    nll('non-finite input', T([[-INF, 0.0, 1.0], [NAN, 0.0, 0.0], [INF, 1.0, 2.0]]), T([0, 1, 0], I64), reduction='sum')
    nll('NaN input in ignored row', T([[NAN, 0.0, 1.0], [-1.0, -2.0, -3.0]]), T([-100, 2], I64), reduction='mean')
    nll('float32 non-finite input', T([[-INF, 0.0], [1e30, -1e30]], F32), T([0, 1], I64), reduction='none')
    # Errors
    xe = randn(3, 4)
    nll('error 0-d input', T(1.0), T(0, I64))
    nll('error target out of bounds', xe, T([0, 4, 1], I64))
    nll('error target -1 out of bounds', xe, T([0, -1, 1], I64))
    nll('error batch size mismatch', xe, T([0, 1], I64))
    nll('error float target', xe, T([0.0, 1.0, 2.0]))
    nll('error target same shape as input', xe, torch.zeros(3, 4, dtype=I64))
    nll('error reduction avg', xe, T([0, 1, 2], I64), reduction='avg')
    nll('error reduction batchmean', xe, T([0, 1, 2], I64), reduction='batchmean')
    nll('error weight wrong length', xe, T([0, 1, 2], I64), weight=torch.ones(3))
    nll('error weight float64 with float32 input', xe.to(F32), T([0, 1, 2], I64), weight=torch.ones(4))
    nll('error unbatched input with (1,) target', T([-1.0, -2.0, -3.0]), T([1], I64))
    nll('error spatial target size mismatch 3-D', randn(2, 3, 2), torch.zeros(2, 3, dtype=I64))
    nll('error spatial target size mismatch 4-D', randn(2, 3, 2, 2), torch.zeros(2, 2, 3, dtype=I64))
    nll('error 4-D input with 2-D target', randn(2, 3, 2, 2), torch.zeros(2, 2, dtype=I64))
    nll('error multi-target', xe, T([[0], [1], [2]], I64))


# --------------------------------------------------------------------------------------------
# kl-div.json


def kl_case(label, x, t, reduction='mean', log_target=None, grad_output=None, omit_reduction=False):
    k = Keywords()
    red = k.reduction(reduction, omit_reduction)
    if log_target is not None:
        k.add('log_target', 'logTarget', log_target, repr(log_target))
    lt = '' if log_target is None else f'logTarget={str(log_target).lower()}'
    name = opt_label(['klDiv', label, lt, red, f'{shape_str(x)}/{shape_str(t)}', dtype_str(x)])
    if grad_output is not None:
        name += ' random gradOutput'
    return add('kl-div', name, 'klDiv', f'F.kl_div(x, t{kwargs_text(k.call)})',
               lambda a: F.kl_div(a[0], a[1], **k.kw), [x, t], k.opts, backward=True, grad_output=grad_output)


KL_REDUCTIONS = ('none', 'sum', 'mean', 'batchmean')


def gen_kl_div():
    KX = T([[-1.0, -2.0, -0.5], [-0.3, -3.0, -1.0]])
    KT = T([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]])
    for r in KL_REDUCTIONS:
        kl_case('reference', KX, KT, reduction=r)
        kl_case('reference log target', KX, torch.log(KT), reduction=r, log_target=True)
        kl_case('reference log target no zeros', KX, torch.log(T([[0.2, 0.3, 0.5], [0.1, 0.4, 0.5]])), reduction=r, log_target=True)
        kl_case('reference', KX, KT, reduction=r, log_target=False)
    kl_case('reference defaults', KX, KT, omit_reduction=True)
    shapes = [
        ('random 1-D', (5,), -1),
        ('random', (3, 4), 1),
        ('random 3-D', (2, 3, 4), 2),
        ('random 4-D', (2, 3, 2, 2), 1),
    ]
    for label, shape, d in shapes:
        x = F.log_softmax(randn(*shape), dim=d)
        t = probs(*shape, dim=d)
        for r in KL_REDUCTIONS:
            kl_case(label, x, t, reduction=r)
            kl_case(label, x, torch.log(t), reduction=r, log_target=True)
    x = F.log_softmax(randn(3, 4), dim=1)
    t = probs(3, 4)
    for r in KL_REDUCTIONS:
        kl_case('float32', x.to(F32), t.to(F32), reduction=r)
    kl_case('float32 input float64 target', x.to(F32), t, reduction='sum')
    kl_case('float32 log target', x.to(F32), torch.log(t).to(F32), reduction='batchmean', log_target=True)
    kl_case('upstream', x, t, reduction='none', grad_output=randn(3, 4))
    kl_case('upstream', x, torch.log(t), reduction='none', log_target=True, grad_output=randn(3, 4))
    kl_case('upstream scalar', x, t, reduction='batchmean', grad_output=T(0.25))
    # Edge values
    for r in ('none', 'sum', 'batchmean'):
        kl_case('zero targets', T([[-1.0, -0.5, -2.0]]), T([[0.0, 1.0, 0.0]]), reduction=r)
        kl_case('negative target NaN', T([[-1.0, -0.5, -2.0]]), T([[-0.1, 0.6, 0.5]]), reduction=r)
        kl_case('-inf input with zero target', T([[-INF, 0.0, -1.0]]), T([[0.0, 1.0, 0.0]]), reduction=r)
        kl_case('-inf input with positive target', T([[-INF, 0.0]]), T([[0.5, 0.5]]), reduction=r)
        kl_case('log target -inf', T([[-1.0, -0.5, -2.0]]), T([[-INF, 0.0, -INF]]), reduction=r, log_target=True)
        kl_case('log target +inf', T([[-1.0, -0.5]]), T([[INF, 0.0]]), reduction=r, log_target=True)
        kl_case('NaN input', T([[NAN, -0.5]]), T([[0.5, 0.5]]), reduction=r)
        kl_case('targets above one', T([[-1.0, -0.5]]), T([[2.0, 3.0]]), reduction=r)
    # Broadcasting (no warning)
    xb = F.log_softmax(randn(2, 3), dim=1)
    for r in KL_REDUCTIONS:
        kl_case('broadcast target (2,1)', xb, T([[0.25], [0.75]]), reduction=r)
        kl_case('broadcast input (2,1)', T([[-0.5], [-1.5]]), probs(2, 3), reduction=r)
    kl_case('broadcast target (3,)', xb, T([0.2, 0.3, 0.5]), reduction='sum')
    # 0-d and 1-D
    for r in KL_REDUCTIONS:
        kl_case('0-d', T(-0.7), T(0.4), reduction=r)
        kl_case('1-D batchmean divides by C', T([-1.0, -2.0, -0.5]), T([0.2, 0.3, 0.5]), reduction=r)
        kl_case('empty', torch.zeros(0, 3), torch.zeros(0, 3), reduction=r)
    # Errors
    kl_case('error int64 inputs', T([1, 2], I64), T([1, 2], I64), reduction='sum')
    kl_case('error int64 input', T([1, 2], I64), T([0.5, 0.5]), reduction='sum')
    kl_case('error int64 target', T([-1.0, -2.0]), T([1, 0], I64), reduction='sum')
    kl_case('error reduction avg', KX, KT, reduction='avg')
    kl_case('error not broadcastable', randn(3, 2), probs(3, 4), reduction='sum')


# --------------------------------------------------------------------------------------------
# binary-cross-entropy.json


def bce_case(label, x, t, *, weight=None, pos_weight=None, reduction='mean', logits=False,
             grad_output=None, omit_reduction=False):
    fn = 'binaryCrossEntropyWithLogits' if logits else 'binaryCrossEntropy'
    torch_name = 'F.binary_cross_entropy_with_logits' if logits else 'F.binary_cross_entropy'
    torch_fn = F.binary_cross_entropy_with_logits if logits else F.binary_cross_entropy
    k = Keywords()
    if weight is not None:
        k.add('weight', 'weight', weight, 'w', f'weight{shape_str(weight)}')
    if pos_weight is not None:
        k.add('pos_weight', 'posWeight', pos_weight, 'pw', f'posWeight{shape_str(pos_weight)}')
    red = k.reduction(reduction, omit_reduction)
    name = opt_label([fn, label, '+'.join(k.parts), red, f'{shape_str(x)}/{shape_str(t)}',
                      dtype_str(x) if x.dtype == t.dtype else f'{dtype_str(x)}/{dtype_str(t)}'])
    if grad_output is not None:
        name += ' random gradOutput'
    return add('binary-cross-entropy', name, fn, f'{torch_name}(x, t{kwargs_text(k.call)})',
               lambda a: torch_fn(a[0], a[1], **k.kw), [x, t], k.opts, backward=True, grad_output=grad_output)


def gen_bce():
    # binaryCrossEntropy
    shapes = [('0-d', ()), ('1-D', (5,)), ('batch', (3, 4)), ('3-D', (2, 3, 2))]
    for label, shape in shapes:
        p = rand(*shape, lo=0.02, hi=0.98)
        t = torch.bernoulli(torch.full(shape, 0.5), generator=GEN)
        for r in REDUCTIONS:
            bce_case(label, p, t, reduction=r)
        ts = rand(*shape)
        bce_case(label + ' soft targets', p, ts, reduction='mean')
        bce_case(label + ' soft targets', p.to(F32), ts.to(F32), reduction='sum')
    p = rand(3, 4, lo=0.02, hi=0.98)
    t = rand(3, 4)
    wfull = rand(3, 4, lo=0.0, hi=2.0)
    for r in REDUCTIONS:
        bce_case('weighted', p, t, weight=wfull, reduction=r)
        bce_case('weight broadcast over rows', p, t, weight=T([0.5, 1.0, 2.0, 0.0]), reduction=r)
        bce_case('float32', p.to(F32), t.to(F32), weight=T([0.5, 1.0, 2.0, 0.0], F32), reduction=r)
    bce_case('weight broadcast over columns', p, t, weight=T([[1.0], [0.5], [2.0]]), reduction='sum')
    bce_case('weight 0-d', p, t, weight=T(3.0), reduction='mean')
    bce_case('weight float32 with float64 input', p, t, weight=T([0.5, 1.0, 2.0, 0.0], F32), reduction='sum')
    bce_case('upstream', p, t, reduction='none', grad_output=randn(3, 4))
    bce_case('upstream scalar', p, t, reduction='mean', grad_output=T(4.0))
    bce_case('defaults', p, t, omit_reduction=True)
    # Saturated probabilities: the -100 clamp and the 1e-12 gradient epsilon
    p01 = T([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    t01 = T([0.0, 1.0, 0.5, 0.0, 1.0, 0.5])
    for r in REDUCTIONS:
        bce_case('p in {0,1}', p01, t01, reduction=r)
    bce_case('p in {0,1}', p01.to(F32), t01.to(F32), reduction='none')
    bce_case('p tiny', T([1e-50, 1e-300, 1.0 - 1e-16, 0.5]), T([1.0, 1.0, 0.0, 0.5]), reduction='none')
    bce_case('targets outside [0,1] unchecked', T([0.3, 0.3, 0.7]), T([2.0, -1.0, 1.5]), reduction='none')
    bce_case('targets outside [0,1] unchecked', T([0.3, 0.3, 0.7]), T([2.0, -1.0, 1.5]), reduction='sum')
    bce_case('NaN target', T([0.3, 0.6]), T([NAN, 1.0]), reduction='none')
    bce_case('empty', torch.zeros(0, 3), torch.zeros(0, 3), reduction='mean')
    bce_case('empty', torch.zeros(0, 3), torch.zeros(0, 3), reduction='sum')
    bce_case('empty', torch.zeros(0, 3), torch.zeros(0, 3), reduction='none')
    # Errors
    bce_case('error input above one', T([0.5, 1.5]), T([1.0, 0.0]))
    bce_case('error input below zero', T([-0.1, 0.5]), T([1.0, 0.0]))
    bce_case('error NaN input', T([NAN, 0.5]), T([1.0, 0.0]))
    bce_case('error target shape mismatch', T([0.5, 0.5]), T([[1.0], [0.0]]))
    bce_case('error target shape mismatch 0-d', T([0.5, 0.5]), T(1.0))
    bce_case('error float32 target with float64 input', T([0.5, 0.5]), T([1.0, 0.0], F32))
    bce_case('error int64 target', T([0.5, 0.5]), T([1, 0], I64))
    bce_case('error reduction avg', T([0.5, 0.5]), T([1.0, 0.0]), reduction='avg')
    bce_case('error weight not broadcastable', T([0.5, 0.5]), T([1.0, 0.0]), weight=T([1.0, 2.0, 3.0]))
    bce_case('error weight larger than target', T([0.5, 0.5]), T([1.0, 0.0]), weight=torch.ones(2, 2))

    # binaryCrossEntropyWithLogits
    def bcel(label, x, t, **kw):
        return bce_case(label, x, t, logits=True, **kw)

    for label, shape in shapes:
        x = randn(*shape, scale=2.0)
        t = torch.bernoulli(torch.full(shape, 0.5), generator=GEN)
        for r in REDUCTIONS:
            bcel(label, x, t, reduction=r)
        bcel(label + ' soft targets', x, rand(*shape), reduction='mean')
    x = randn(3, 4, scale=2.0)
    t = rand(3, 4)
    pw = T([1.0, 2.0, 0.5, 3.0])
    w = rand(3, 4, lo=0.0, hi=2.0)
    for r in REDUCTIONS:
        bcel('posWeight', x, t, pos_weight=pw, reduction=r)
        bcel('weight', x, t, weight=w, reduction=r)
        bcel('weight and posWeight', x, t, weight=T([0.5, 1.0, 2.0, 0.0]), pos_weight=pw, reduction=r)
        bcel('float32', x.to(F32), t.to(F32), pos_weight=pw.to(F32), reduction=r)
    bcel('posWeight (3,1) broadcast', x, t, pos_weight=T([[1.0], [2.0], [4.0]]), reduction='sum')
    bcel('posWeight negative and zero', x, t, pos_weight=T([-1.0, 0.0, 1.0, 2.0]), reduction='none')
    bcel('posWeight 3-D last dim', randn(2, 3, 4), rand(2, 3, 4), pos_weight=pw, reduction='mean')
    bcel('weight 0-d', x, t, weight=T(2.0), reduction='sum')
    bcel('upstream', x, t, pos_weight=pw, reduction='none', grad_output=randn(3, 4))
    bcel('upstream scalar', x, t, reduction='sum', grad_output=T(-1.5))
    bcel('defaults', x, t, omit_reduction=True)
    bcel('targets outside [0,1] unchecked', T([0.3, -2.0, 1.0]), T([2.0, -1.0, 1.5]), reduction='none')
    # Infinite and large logits
    xi = T([INF, INF, -INF, -INF, INF, -INF])
    ti = T([0.0, 1.0, 0.0, 1.0, 0.5, 0.5])
    for r in REDUCTIONS:
        bcel('infinite logits', xi, ti, reduction=r)
    bcel('infinite logits', xi, ti, pos_weight=T(2.0), reduction='none')
    bcel('infinite logits', xi.to(F32), ti.to(F32), reduction='none')
    xl = T([1e4, -1e4, 1e30, -1e30, 50.0, -50.0, 800.0, -800.0])
    tl = T([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0])
    bcel('large logits', xl, tl, reduction='none')
    bcel('large logits', xl, tl, reduction='sum')
    bcel('large logits', xl, tl, pos_weight=T(3.0), reduction='none')
    bcel('large logits', xl.to(F32), tl.to(F32), reduction='none')
    bcel('NaN logit', T([NAN, 1.0]), T([1.0, 0.0]), reduction='none')
    # dtype follows the target
    bcel('float32 input float64 target', x.to(F32), t, reduction='mean')
    bcel('float32 input float64 target', x.to(F32), t, reduction='none')
    bcel('float64 input float32 target', x, t.to(F32), reduction='mean')
    bcel('float64 input float32 target', x, t.to(F32), pos_weight=pw, reduction='none')
    bcel('empty', torch.zeros(0, 3), torch.zeros(0, 3), reduction='mean')
    bcel('empty', torch.zeros(0, 3), torch.zeros(0, 3), reduction='none')
    # Errors
    bcel('error target shape mismatch', T([0.5, 0.5]), T([[1.0], [0.0]]))
    bcel('error target shape mismatch 0-d', T([0.5, 0.5]), T(1.0))
    bcel('error int64 target', T([0.5, 0.5]), T([1, 0], I64))
    bcel('error posWeight not broadcastable', randn(2, 3), rand(2, 3), pos_weight=torch.ones(2))
    bcel('error weight not broadcastable', randn(2, 3), rand(2, 3), weight=torch.ones(2))
    bcel('error reduction avg', T([0.5, 0.5]), T([1.0, 0.0]), reduction='avg')
    bcel('error reduction batchmean', T([0.5, 0.5]), T([1.0, 0.0]), reduction='batchmean')


# --------------------------------------------------------------------------------------------
# mse-loss.json


def mse_case(label, x, y, reduction='mean', grad_output=None, omit_reduction=False):
    k = Keywords()
    red = k.reduction(reduction, omit_reduction)
    name = opt_label(['mseLoss', label, red, f'{shape_str(x)}/{shape_str(y)}',
                      dtype_str(x) if x.dtype == y.dtype else f'{dtype_str(x)}/{dtype_str(y)}'])
    if grad_output is not None:
        name += ' random gradOutput'
    return add('mse-loss', name, 'mseLoss', f'F.mse_loss(x, y{kwargs_text(k.call)})',
               lambda a: F.mse_loss(a[0], a[1], **k.kw), [x, y], k.opts, backward=True, grad_output=grad_output)


def gen_mse():
    for label, shape in (('0-d', ()), ('1-D', (5,)), ('2-D', (3, 4)), ('3-D', (2, 3, 2)), ('4-D', (2, 2, 2, 2))):
        x = randn(*shape)
        y = randn(*shape)
        for r in REDUCTIONS:
            mse_case(label, x, y, reduction=r)
        mse_case(label, x.to(F32), y.to(F32), reduction='mean')
    x = randn(3, 4)
    y = randn(3, 4)
    mse_case('float32', x.to(F32), y.to(F32), reduction='none')
    mse_case('float32', x.to(F32), y.to(F32), reduction='sum')
    mse_case('float32 input float64 target', x.to(F32), y, reduction='mean')
    mse_case('float32 input float64 target', x.to(F32), y, reduction='none')
    mse_case('float64 input float32 target', x, y.to(F32), reduction='sum')
    mse_case('upstream', x, y, reduction='none', grad_output=randn(3, 4))
    mse_case('upstream scalar', x, y, reduction='mean', grad_output=T(-2.0))
    mse_case('defaults', x, y, omit_reduction=True)
    # Broadcasting (warns)
    for r in REDUCTIONS:
        mse_case('broadcast (N,1) vs (N,)', T([[1.0], [2.0], [3.0]]), T([1.0, 2.0, 3.0]), reduction=r)
    mse_case('broadcast (3,) vs (3,1)', T([1.0, 2.0, 3.0]), T([[1.0], [2.0], [3.0]]), reduction='mean')
    mse_case('broadcast target (4,)', x, T([0.5, -0.5, 1.0, 0.0]), reduction='mean')
    mse_case('broadcast target 0-d', x, T(0.25), reduction='sum')
    mse_case('broadcast input (1,4)', T([[0.5, -0.5, 1.0, 0.0]]), y, reduction='none')
    # Non-finite and huge
    mse_case('non-finite', T([INF, INF, NAN, 1.0, -INF]), T([INF, 1.0, 1.0, NAN, 0.0]), reduction='none')
    mse_case('non-finite', T([INF, INF, NAN, 1.0, -INF]), T([INF, 1.0, 1.0, NAN, 0.0]), reduction='sum')
    mse_case('huge', T([1e200, -1e200, 1e150, 1e-200]), T([0.0, 0.0, 0.0, 0.0]), reduction='none')
    mse_case('huge', T([1e200, 1e10]), T([0.0, 0.0]), reduction='mean')
    mse_case('float32 overflow', T([1e20, 3e38, 1.0], F32), T([0.0, -3e38, 1.0], F32), reduction='none')
    mse_case('zero difference', T([1.5, -2.0, 0.0]), T([1.5, -2.0, 0.0]), reduction='none')
    mse_case('zero difference', T([1.5, -2.0, 0.0]), T([1.5, -2.0, 0.0]), reduction='mean')
    for r in REDUCTIONS:
        mse_case('empty', torch.zeros(0, 3), torch.zeros(0, 3), reduction=r)
    # Errors
    mse_case('error not broadcastable', randn(3), randn(4))
    mse_case('error not broadcastable 2-D', randn(2, 3), randn(3, 2))
    mse_case('error int64 inputs', T([1, 2], I64), T([1, 2], I64))
    mse_case('error reduction avg', x, y, reduction='avg')
    mse_case('error reduction batchmean', x, y, reduction='batchmean')


# --------------------------------------------------------------------------------------------
# one-hot.json


def one_hot_case(label, target, num_classes=None):
    opts = {}
    call = 'F.one_hot(y)'
    if num_classes is not None:
        opts['numClasses'] = num_classes
        call = f'F.one_hot(y, num_classes={num_classes})'
    nc = 'numClasses default' if num_classes is None else f'numClasses={num_classes}'
    name = opt_label(['oneHot', label, nc, shape_str(target), dtype_str(target)])
    return add('one-hot', name, 'oneHot', call,
               lambda a: F.one_hot(a[0]) if num_classes is None else F.one_hot(a[0], num_classes=num_classes),
               [target], opts)


def gen_one_hot():
    one_hot_case('1-D', T([0, 2, 1, 2], I64))
    one_hot_case('1-D', T([0, 2, 1, 2], I64), -1)
    one_hot_case('1-D', T([0, 2, 1, 2], I64), 3)
    one_hot_case('1-D', T([0, 2, 1, 2], I64), 5)
    one_hot_case('1-D all zero', T([0, 0, 0], I64))
    one_hot_case('0-d', T(2, I64), 3)
    one_hot_case('0-d', T(0, I64))
    one_hot_case('2-D', T([[0, 3], [1, 2], [3, 3]], I64))
    one_hot_case('2-D', T([[0, 3], [1, 2], [3, 3]], I64), 6)
    one_hot_case('3-D', randint(4, 2, 2, 3), 4)
    one_hot_case('single class', T([0, 0], I64), 1)
    one_hot_case('empty', torch.zeros(0, dtype=I64), 3)
    one_hot_case('empty 2-D', torch.zeros(2, 0, dtype=I64), 4)
    one_hot_case('error negative', T([-1, 1], I64), 3)
    one_hot_case('error negative', T([-1, 1], I64))
    one_hot_case('error ignore index -100', T([0, -100, 1], I64), 3)
    one_hot_case('error too large', T([3, 1], I64), 3)
    one_hot_case('error numClasses 0', T([0, 1], I64), 0)
    one_hot_case('error numClasses -2', T([0, 1], I64), -2)
    one_hot_case('error empty with inferred classes', torch.zeros(0, dtype=I64))
    one_hot_case('error empty with inferred classes', torch.zeros(0, dtype=I64), -1)
    one_hot_case('error empty with numClasses 0', torch.zeros(0, dtype=I64), 0)
    one_hot_case('error float input', T([0.0, 1.0]), 2)
    one_hot_case('error float32 input', T([0.0, 1.0], F32))


# --------------------------------------------------------------------------------------------
# information.json (discrete distributions; no torch function, computed with torch.xlogy)


def info_case(fn, label, p, q=None, base=None):
    opts = {} if base is None else {'base': base}
    scale = '' if base is None else f' / math.log({base!r})'
    if fn == 'entropy':
        call = f'-torch.xlogy(p, p).sum(){scale}'
        func = lambda a: -torch.xlogy(a[0], a[0]).sum()
        args = [p]
    elif fn == 'distributionCrossEntropy':
        call = f'-torch.xlogy(p, q).sum(){scale}'
        func = lambda a: -torch.xlogy(a[0], a[1]).sum()
        args = [p, q]
    else:
        call = f'(torch.xlogy(p, p) - torch.xlogy(p, q)).sum(){scale}'
        func = lambda a: (torch.xlogy(a[0], a[0]) - torch.xlogy(a[0], a[1])).sum()
        args = [p, q]

    def run(a):
        out = func(a)
        return out / math.log(base) if base is not None else out

    b = 'nats' if base is None else ('bits' if base == 2 else f'base={base!r}')
    name = opt_label([fn, label, b, f'n={p.shape[0]}'])
    return add('information', name, fn, call, run, args, opts)


def gen_information():
    dists = [
        ('uniform 2', T([0.5, 0.5])),
        ('uniform 4', T([0.25] * 4)),
        ('uniform 8', T([0.125] * 8)),
        ('one-hot', T([0.0, 1.0, 0.0])),
        ('with zeros', T([0.5, 0.0, 0.25, 0.25, 0.0])),
        ('skewed', T([0.9, 0.1])),
        ('random 6', probs(6)),
        ('random 7', probs(7)),
        ('dyadic', T([0.5, 0.25, 0.125, 0.0625, 0.0625])),
    ]
    for label, p in dists:
        for base in (None, 2, 10):
            info_case('entropy', label, p, base=base)
    info_case('entropy', 'uniform 3', T([1 / 3, 1 / 3, 1 / 3]), base=3)
    info_case('entropy', 'skewed', T([0.9, 0.1]), base=math.e)
    pairs = [
        ('uniform vs skewed', T([0.5, 0.5]), T([0.9, 0.1])),
        ('skewed vs uniform', T([0.9, 0.1]), T([0.5, 0.5])),
        ('equal', T([0.2, 0.3, 0.5]), T([0.2, 0.3, 0.5])),
        ('one-hot p', T([0.0, 1.0, 0.0, 0.0]), T([0.1, 0.2, 0.3, 0.4])),
        ('zeros in p', T([0.5, 0.0, 0.5]), T([0.25, 0.5, 0.25])),
        ('zeros in both', T([0.5, 0.0, 0.5]), T([0.5, 0.0, 0.5])),
        ('q zero where p positive', T([0.5, 0.5, 0.0]), T([1.0, 0.0, 0.0])),
        ('one-hot vs one-hot disjoint', T([1.0, 0.0]), T([0.0, 1.0])),
        ('random 5', probs(5), probs(5)),
        ('random 8', probs(8), probs(8)),
        ('uniform 4 vs dyadic', T([0.25] * 4), T([0.5, 0.25, 0.125, 0.125])),
    ]
    for label, p, q in pairs:
        for fn in ('distributionCrossEntropy', 'klDivergence'):
            for base in (None, 2):
                info_case(fn, label, p, q, base=base)
        info_case('klDivergence', label, p, q, base=10)


# --------------------------------------------------------------------------------------------
# format-tensor.json


def fmt_case(label, t, default=F64):
    opts = {} if default == F64 else {'defaultDtype': 'float32'}
    suffix = '' if default == F64 else ' defaultDtype=float32'
    name = opt_label(['formatTensor', label, shape_str(t), dtype_str(t)]) + suffix

    def run(a):
        torch.set_default_dtype(default)
        try:
            return repr(a[0])
        finally:
            torch.set_default_dtype(F64)

    call = 'repr(t)' if default == F64 else 'torch.set_default_dtype(torch.float32); repr(t)'
    case = {'name': name, 'fn': 'formatTensor', 'call': call, 'args': [enc(t)], 'options': opts,
            'output': run([t])}
    GROUPS.setdefault('format-tensor', []).append(case)


def gen_format_tensor():
    ce_none = F.cross_entropy(T(REFX), T([2, -100, 1, 0], I64), weight=T([1.0, 2.0, 3.0]),
                              label_smoothing=0.3, reduction='none')
    ce_mean = F.cross_entropy(T(REFX), T([2, 0, 1, 2], I64))
    bce_none = F.binary_cross_entropy(T([0.0, 0.0, 1.0, 0.3]), T([1.0, 0.5, 1.0, 2.0]), reduction='none')
    lsm = F.log_softmax(T([1000.0, 1001.0, -INF]), dim=0)
    items = [
        ('0-d', T(0.3185)),
        ('0-d integer-valued', T(2.0)),
        ('0-d negative', T(-1.5)),
        ('0-d large', T(123456.789)),
        ('0-d tiny', T(1e-5)),
        ('0-d huge', T(1e30)),
        ('0-d nan', T(NAN)),
        ('0-d inf', T(INF)),
        ('0-d -inf', T(-INF)),
        ('0-d negative zero', T(-0.0)),
        ('0-d int64', T(7, I64)),
        ('1-D', T([0.12689, 2.12689])),
        ('1-D integer-valued', T([1.0, 2.0])),
        ('1-D negative', T([-1.0, 2.5, -0.125])),
        ('1-D mixed magnitudes 1e-5', T([1e-5, 1.0])),
        ('1-D mixed magnitudes 1e10', T([1e10, 1.0])),
        ('1-D large integer-valued', T([1e8, 1.0])),
        ('1-D wide range', T([1e-10, 1e10])),
        ('1-D small', T([1e-3, 2e-3])),
        ('1-D 1000-valued', T([1000.0, 0.5])),
        ('1-D nan inf', T([NAN, INF, -INF, 1.0])),
        ('1-D nan inf fractional', T([NAN, 0.25, -INF])),
        ('1-D only non-finite', T([NAN, INF])),
        ('1-D negative zero', T([-0.0, 0.0, 1.0])),
        ('1-D zeros', torch.zeros(3)),
        ('1-D int64', T([1, -20, 300], I64)),
        ('1-D int64 large', T([10 ** 12, 1], I64)),
        ('empty', torch.zeros(0)),
        ('empty', torch.zeros(0, 3)),
        ('empty', torch.zeros(0, dtype=I64)),
        ('empty', torch.zeros(2, 0, dtype=F32)),
        ('2-D', T([[1.0, 2.0], [3.0, 4.0]])),
        ('2-D random', randn(3, 4)),
        ('2-D random', randn(3, 4, dtype=F32)),
        ('2-D scientific', T([[1e-6, 2.0], [3e5, 4.0]])),
        ('2-D int64', T([[1, 2], [30, -4]], I64)),
        ('3-D', randn(2, 2, 3)),
        ('3-D int64', randint(10, 2, 3, 2)),
        ('4-D', randn(2, 1, 2, 2)),
        ('long row wraps', randn(20)),
        ('long int row wraps', torch.arange(40, dtype=I64)),
        ('2-D long rows wrap', randn(2, 12)),
        ('float32', T([0.12689, 2.12689], F32)),
        ('float32 0-d', T(0.3185, F32)),
        ('float32 integer-valued', T([1.0, 2.0], F32)),
        ('float32 mixed magnitudes', T([1e-5, 1.0], F32)),
        ('float32 nan inf', T([NAN, INF, 1.5], F32)),
        ('CE none output', ce_none),
        ('CE mean output', ce_mean),
        ('BCE none output', bce_none),
        ('logSoftmax with -inf', lsm),
        ('softmax output', torch.softmax(randn(2, 3), dim=1)),
        ('one-hot output', F.one_hot(T([0, 2, 1], I64), 3)),
    ]
    for label, t in items:
        fmt_case(label, t)
    for label, t in (
        ('0-d', T(0.3185)),
        ('1-D', T([0.12689, 2.12689])),
        ('2-D random', randn(2, 3)),
        ('empty', torch.zeros(0)),
        ('empty', torch.zeros(0, 3, dtype=F32)),
        ('nan inf', T([NAN, INF, 1.0])),
        ('int64', T([1, 2], I64)),
        ('float32', T([0.12689, 2.12689], F32)),
        ('float32 0-d', T(0.3185, F32)),
        ('float32 2-D', randn(2, 3, dtype=F32)),
        ('float32 mixed magnitudes', T([1e-5, 1.0], F32)),
    ):
        fmt_case(label, t, default=F32)


# --------------------------------------------------------------------------------------------
# pointwise.json: exp, log, sum, div, the pieces of a hand-written log(softmax). Random inputs
# come from a generator of their own, so the other groups' seeded inputs stay as they were.


def gen_pointwise():
    g = 'pointwise'
    own = torch.Generator().manual_seed(8)

    def normal(*shape, dtype=F64, scale=1.0):
        x = torch.randn(tuple(shape), generator=own, dtype=F64) * scale
        return (torch.round(x * 1e4) / 1e4).to(dtype)

    # The stability lab's logits [1, 2, 3]·10^k, written as the lab writes them (12 digits).
    lab = [[float(f'{v * 10 ** k:.12g}') for v in (1.0, 2.0, 3.0)]
           for k in (0, 0.5, 1, 1.5, 2, 2.5, 3)]
    unary = [
        ('1-D', T([0.0, 1.0, -1.0, 2.5])),
        ('edges', T([710.0, 709.0, -746.0, -700.0, INF, -INF, NAN, -0.0])),
        ('float32 edges', T([88.0, 89.0, -104.0, -88.0, INF, -INF, NAN, 0.0], F32)),
        ('random', normal(3, 4)),
        ('float32 random', normal(3, 4, dtype=F32, scale=3.0)),
        ('0-d', T(0.7)),
        ('float32 0-d', T(-2.5, F32)),
        ('empty', torch.zeros(0, 3)),
        ('int64 promotes', T([1, 2, 3], I64)),
    ] + [(f'lab {row}', T(row, dt)) for row in lab for dt in (F64, F32)]
    for label, x in unary:
        case = add(g, f'exp {label} {shape_str(x)} {dtype_str(x)}', 'exp', 'torch.exp(x)',
                   lambda a: torch.exp(a[0]), [x])
        # PyTorch's SLEEF expf is not always correctly rounded (the core's exp is): where it is
        # not, the values still agree within a few ulps, but the repr may differ in its last digit.
        if x.dtype == F32 and not torch.equal(torch.exp(x).nan_to_num(), torch.exp(x.double()).float().nan_to_num()):
            del case['outputRepr']
    positive = [
        ('1-D', T([1.0, 0.0, -1.0, 2.5, 1e-320])),
        ('edges', T([INF, -INF, NAN, -0.0, 5e-324, 1.7e308])),
        ('float32 edges', T([1.0, 0.0, -1.0, 3e-44, 1e-38, INF, NAN], F32)),
        ('random', normal(3, 4).abs()),
        ('float32 random', normal(3, 4, dtype=F32).abs()),
        ('0-d', T(0.7)),
        ('float32 0-d', T(2.5, F32)),
        ('empty', torch.zeros(2, 0)),
        ('int64 promotes', T([1, 2, 3], I64)),
    ] + [(f'softmax of lab {row}', torch.softmax(T(row, dt), dim=0)) for row in lab for dt in (F64, F32)]
    for label, x in positive:
        add(g, f'log {label} {shape_str(x)} {dtype_str(x)}', 'log', 'torch.log(x)',
            lambda a: torch.log(a[0]), [x])
    # Short tensors: PyTorch adds these in order; a long float32 sum has an order of its own.
    sums = [
        ('1-D', T([1.0, 2.0, 3.0])),
        ('float32 cancels in order', T([1e8, 1.0, -1e8], F32)),
        ('float32 absorbs in order', T([1.0, 1e8, -1e8], F32)),
        ('float32 short', normal(7, dtype=F32, scale=10.0)),
        ('random 2-D', normal(3, 4)),
        ('long float64', normal(100)),
        ('edges', T([INF, 1.0])),
        ('inf minus inf', T([INF, -INF])),
        ('NaN', T([1.0, NAN])),
        ('0-d', T(0.7)),
        ('empty', torch.zeros(0)),
        ('float32 empty', torch.zeros(0, dtype=F32)),
        ('int64 stays int64', T([1, 2, 3], I64)),
    ] + [(f'exp of lab {row}', torch.exp(T(row, dt))) for row in lab for dt in (F64, F32)]
    for label, x in sums:
        add(g, f'sum {label} {shape_str(x)} {dtype_str(x)}', 'sum', 'torch.sum(x)',
            lambda a: torch.sum(a[0]), [x])
    pairs = [
        ('vector by 0-d', T([1.0, 2.0, 3.0]), T(4.0)),
        ('float32 vector by float32 0-d', T([1.0, 2.0, 3.0], F32), T(3.0, F32)),
        ('float32 vector by float64 0-d stays float32', T([1.0, 2.0], F32), T(3.0)),
        ('float32 vector by float64 vector is float64', T([1.0, 2.0], F32), T([3.0])),
        ('float32 0-d by float64 0-d is float64', T(1.0, F32), T(3.0)),
        ('int64 by int64 is float', T([1, 2, 7], I64), T([3], I64)),
        ('int64 by float32 0-d is float32', T([1, 2], I64), T(3.0, F32)),
        ('float32 by int64 0-d', T([1.0, 2.0], F32), T(3, I64)),
        ('broadcast 2-D', normal(2, 3), normal(3)),
        ('float32 broadcast 2-D', normal(2, 3, dtype=F32), normal(2, 1, dtype=F32)),
        ('zeros and infinities', T([1.0, -1.0, 0.0, INF, INF]), T([0.0, 0.0, 0.0, INF, 2.0])),
        ('shapes do not broadcast', T([1.0, 2.0]), T([1.0, 2.0, 3.0])),
    ]
    for row in lab:
        for dt in (F64, F32):
            e = torch.exp(T(row, dt))
            pairs.append((f'exps of lab {row} by their sum', e, e.sum()))
    for label, x, y in pairs:
        add(g, f'div {label} {shape_str(x)}/{shape_str(y)} {dtype_str(x)}/{dtype_str(y)}', 'div',
            'torch.div(a, b)', lambda a: torch.div(a[0], a[1]), [x, y])


# --------------------------------------------------------------------------------------------
# Writing and checking

REQUIRED = ('name', 'fn', 'call', 'args', 'options')


def check_tensor(t, where):
    assert isinstance(t, dict) and set(t) == {'dtype', 'shape', 'values'}, where
    assert t['dtype'] in ('float64', 'float32', 'int64'), where
    assert isinstance(t['shape'], list) and all(isinstance(s, int) and s >= 0 for s in t['shape']), where

    def walk(v, depth):
        if depth == len(t['shape']):
            if t['dtype'] == 'int64':
                assert isinstance(v, int) and not isinstance(v, bool), where
            else:
                assert (isinstance(v, float) and math.isfinite(v) and not (v == 0 and math.copysign(1, v) < 0)) \
                    or v in ('NaN', 'Infinity', '-Infinity', '-0'), where
            return
        assert isinstance(v, list) and len(v) == t['shape'][depth], where
        for item in v:
            walk(item, depth + 1)

    walk(t['values'], 0)


def check(files):
    seen = [c['name'] for doc in files.values() for c in doc['cases']]
    dups = sorted({n for n in seen if seen.count(n) > 1})
    assert not dups, 'duplicate names:\n' + '\n'.join(dups)
    names = set()
    total = 0
    for fname, doc in files.items():
        assert list(doc) == ['generator', 'torch', 'cases'], fname
        assert doc['generator'] == GENERATOR and doc['torch'] == torch.__version__
        for c in doc['cases']:
            where = f"{fname}: {c.get('name')}"
            for key in REQUIRED:
                assert key in c, f'{where}: missing {key}'
            assert set(c) <= set(REQUIRED) | {'output', 'grad', 'gradOutput', 'error', 'outputRepr', 'gradRepr', 'exact'}, where
            assert c['name'] not in names, f'duplicate name {where}'
            names.add(c['name'])
            assert isinstance(c['args'], list) and c['args'], where
            for a in c['args']:
                check_tensor(a, where)
            for v in c['options'].values():
                if isinstance(v, dict):
                    check_tensor(v, where)
            if 'error' in c:
                assert isinstance(c['error'], str) and c['error'], where
                assert not ({'output', 'grad', 'gradOutput'} & set(c)), where
            else:
                assert 'output' in c, f'{where}: no output'
                if c['fn'] == 'formatTensor':
                    assert isinstance(c['output'], str), where
                else:
                    check_tensor(c['output'], where)
                if 'grad' in c:
                    check_tensor(c['grad'], where)
                    assert c['grad']['shape'] == c['args'][0]['shape'], where
                if 'gradOutput' in c:
                    assert 'grad' in c, where
                    check_tensor(c['gradOutput'], where)
            total += 1
    assert total >= 300, total
    return total


def exps_round_correctly(x, dim):
    """Whether every exp(x - max) PyTorch's float kernels take along `dim` is the correctly rounded
    float32 exp (computed in float64, then rounded), as the core's is."""
    d = x - x.amax(dim=dim, keepdim=True)
    return torch.equal(torch.exp(d), torch.exp(d.double()).float())


def gen_float32_pins():
    """Small float32 rows where float32 rounding shows in what PyTorch prints: log(1 + tiny)
    after a large gap, large logits, label smoothing. Computing them in float64 and rounding at
    the end gives other digits (log_softmax([10, 20, 30])[2] is -4.5418e-05, not -4.5401e-05)."""
    # Three classes: the exps here round in SLEEF as they do correctly, so results are pinned.
    for k in range(5):
        x = T([1.0, 2.0, 3.0], F32) * 10 ** k
        for fn, torch_fn, call_fn in (
            ('softmax', F.softmax, 'F.softmax'),
            ('logSoftmax', F.log_softmax, 'F.log_softmax'),
        ):
            add('softmax', f'{fn} float32 pin [1,2,3]e{k}', fn, f'{call_fn}(x, dim=0)',
                lambda a, f=torch_fn: f(a[0], dim=0), [x], {'dim': 0}, exact=fn == 'logSoftmax')
        add('softmax', f'logSumExp float32 pin [1,2,3]e{k}', 'logSumExp', 'torch.logsumexp(x, 0)',
            lambda a: torch.logsumexp(a[0], 0), [x], {'dim': 0}, exact=True)
        for y in (0, 2):
            for eps in (0.0, 0.1):
                label = f'label_smoothing={eps} ' if eps else ''
                add('cross-entropy', f'crossEntropy float32 pin [[1,2,3]]e{k} target {y} {label}'.strip(),
                    'crossEntropy', f'F.cross_entropy(x, y{", label_smoothing=" + str(eps) if eps else ""})',
                    lambda a, eps=eps: F.cross_entropy(a[0], a[1], label_smoothing=eps),
                    [x.reshape(1, 3), T([y], I64)], {'labelSmoothing': eps} if eps else {},
                    backward=True, exact=True)
    # The summation order of long rows: along the last dim PyTorch sums a row of 8 or more in
    # eight float lanes, along another dim in order. PyTorch's SLEEF expf is not always correctly
    # rounded (the core's exp is), so a row is pinned only where every exp PyTorch takes rounds
    # correctly; then nothing but the order of operations can make the core differ. Rows come
    # from a generator of their own, so the other groups' seeded inputs stay as they were.
    pins = torch.Generator().manual_seed(13)
    for shape, dim in (((1, 8), 1), ((1, 13), 1), ((1, 24), 1), ((1, 37), 1),
                       ((1, 13, 1), 1), ((1, 9, 2), 1)):
        found = 0
        for attempt in range(1000):
            x = (torch.round(torch.randn(shape, generator=pins) * 3e4) / 1e4).to(F32)
            if not exps_round_correctly(x, dim):
                continue
            found += 1
            label = f'{shape_str(x)} dim={dim} #{found}'
            for fn, torch_fn, call_fn in (
                ('softmax', F.softmax, 'F.softmax'),
                ('logSoftmax', F.log_softmax, 'F.log_softmax'),
            ):
                add('softmax', f'{fn} float32 pin order {label}', fn, f'{call_fn}(x, dim={dim})',
                    lambda a, f=torch_fn: f(a[0], dim=dim), [x], {'dim': dim}, exact=True)
            y = torch.zeros((shape[0],) + shape[2:], dtype=I64) + (attempt % shape[1])
            add('cross-entropy', f'crossEntropy float32 pin order {label}', 'crossEntropy',
                'F.cross_entropy(x, y)', lambda a: F.cross_entropy(a[0], a[1]), [x, y], {},
                backward=True, exact=True)
            if found == 2:
                break
        assert found == 2, f'no rows with correctly rounded exps for {shape}'
    # log(1 + tiny): a row whose other terms are far below the largest.
    for x in (T([0.0, -20.0, -30.0], F32), T([[5.0, -12.0, 3.0, -7.5]], F32)):
        add('softmax', f'logSoftmax float32 pin log1p-tiny {shape_str(x)}', 'logSoftmax',
            'F.log_softmax(x, dim=-1)', lambda a: F.log_softmax(a[0], dim=-1), [x], {'dim': -1},
            exact=True)


# --------------------------------------------------------------------------------------------
# float32-reductions.json: the orders in which PyTorch sums float32 losses and weights. nll_loss
# sums its rows and its total weight in a cascade of float32 partial sums (16 rows a level, so
# N = 1, 15, 16, 17, 255, 256, 257, 300 cross its levels), label smoothing adds torch.sum over the
# rows and over the gathered weights, and x.sum(class_dim) has orders of its own for C >= 8 and
# for K-dim columns. Weights are random and not exact in float32 (0.2 is not). A case is pinned to
# the bit where PyTorch's log_softmax is exactly the float32 computation with correctly rounded
# exps (summed in order, so only C < 8): then nothing but the summation order can make the core
# differ. Logits are multiples of 1/1024, drawn until every exp PyTorch takes (forward and
# backward) is correctly rounded in SLEEF, so the gradients' reprs can be compared too.
# Everything comes from a generator of its own, so the other groups stay byte-identical.


def gen_float32_reductions():
    g = 'float32-reductions'
    own = torch.Generator().manual_seed(1913)

    def draw(shape):
        return (torch.randint(-9 * 1024, 3 * 1024, shape, generator=own) / 1024).to(F32)

    def exp_ok(v):
        """Per entry of v: whether SLEEF's expf (torch.exp's vector loop; padded to whole vectors
        so no entry falls to the scalar tail) is the correctly rounded exp."""
        flat = v.flatten()
        padded = torch.cat([flat, torch.zeros(-len(flat) % 16, dtype=v.dtype)])
        ok = torch.exp(padded) == torch.exp(padded.double()).float()
        return ok[:len(flat)].reshape(v.shape)

    def log_ok(v):
        """Per entry of v: whether SLEEF's logf (torch.log's vector loop) is correctly rounded."""
        flat = v.flatten()
        padded = torch.cat([flat, torch.ones(-len(flat) % 16, dtype=v.dtype)])
        ok = torch.log(padded) == torch.log(padded.double()).float()
        return ok[:len(flat)].reshape(v.shape)

    def logits(*shape):
        """(N, C, d...) float32 logits k/1024 where every exp PyTorch takes, exp(x - max) forward
        and exp(log_softmax(x)) backward, is correctly rounded."""
        x = draw(shape)
        while True:
            d = x - x.amax(dim=1, keepdim=True)
            bad = ~(exp_ok(d) & exp_ok(F.log_softmax(x, dim=1)))
            # The last-dim kernel also takes each row's log Σ exp in SLEEF: screen it the same way.
            s = torch.exp(d.double()).float().sum(dim=1, keepdim=True)
            bad |= ~log_ok(s).expand_as(x)
            if not bad.any():
                return x
            # Redraw the rows (whole class columns) that hold a badly rounded exp.
            x = torch.where(bad.any(dim=1, keepdim=True).expand_as(x), draw(shape), x)

    def weights(c):
        """Random class weights in [0.1, 5) with four decimals: not exact in float32."""
        return (torch.round((0.1 + 4.9 * torch.rand(c, generator=own, dtype=F64)) * 1e4) / 1e4).to(F32)

    def targets(c, shape, ignored):
        y = torch.randint(0, c, shape, generator=own, dtype=I64)
        if ignored:
            y[torch.rand(shape, generator=own) < 0.2] = -100
        return y

    def lsm_exact(x):
        """Whether torch's float32 log_softmax over dim 1 is the in-order float32 computation
        with correctly rounded exp and log (what the core computes for C < 8)."""
        d = x - x.amax(dim=1, keepdim=True)
        e = torch.exp(d.double()).float()
        s = torch.zeros_like(d.select(1, 0))
        for c in range(x.shape[1]):
            s = s + e.select(1, c)
        lse = torch.log(s.double()).float().unsqueeze(1)
        return torch.equal(F.log_softmax(x, dim=1), d - lse)

    def case(label, x, y, **kw):
        c = ce_case(f'float32 order {label}', x, y, group=g, **kw)
        if x.shape[1] < 8 and lsm_exact(x):
            c['exact'] = True
        # The gradient takes exp(log_softmax(x)) again, in SLEEF where the exps run in vectors,
        # and SLEEF's expf is not always correctly rounded (the core's is): where one is not,
        # the gradient is still held to a few ulps, but its repr may differ in the last digit.
        if not exp_ok(F.log_softmax(x, dim=1)).all():
            del c['gradRepr']

    # The case: N = 16, C = 3, weights [0.2, 1, 5], 'mean'.
    w3 = T([0.2, 1.0, 5.0], F32)
    case('issue N=16', logits(16, 3), targets(3, (16,), False), weight=w3, reduction='mean')
    for n in (1, 2, 7, 15, 16, 17, 31, 33, 64, 100):
        w = weights(3)
        x = logits(n, 3)
        case(f'N={n}', x, targets(3, (n,), False), weight=w, reduction='mean')
        case(f'N={n} ignored', x, targets(3, (n,), True), weight=w, reduction='mean')
        if n in (17, 33):
            case(f'N={n} ignored', x, targets(3, (n,), True), weight=w, reduction='sum')
            case(f'N={n} ignored smoothing', x, targets(3, (n,), True), weight=w,
                 label_smoothing=0.15, reduction='mean')
            case(f'N={n} ignored smoothing', x, targets(3, (n,), True), label_smoothing=0.3,
                 reduction='mean')
            case(f'N={n} smoothing', x, targets(3, (n,), False), weight=w, label_smoothing=0.2,
                 reduction='sum')
    # Past 256 rows the cascade carries into its third level (a few cases: each is large).
    for n, ignored, kw in ((255, False, {'reduction': 'mean'}),
                           (256, True, {'reduction': 'sum'}),
                           (257, True, {'reduction': 'mean'}),
                           (257, True, {'label_smoothing': 0.15, 'reduction': 'mean'}),
                           (300, True, {'reduction': 'mean'})):
        label = f'N={n}' + (' ignored' if ignored else '') + (' smoothing' if 'label_smoothing' in kw else '')
        case(label, logits(n, 3), targets(3, (n,), ignored), weight=weights(3), **kw)
    x = logits(300, 3)
    case('N=300 ignored unweighted smoothing', x, targets(3, (300,), True), label_smoothing=0.3,
         reduction='mean')
    # More classes: x.sum(class_dim) in eight lanes for C >= 8 (not pinned: the exps sum in lanes).
    for n, c in ((20, 5), (40, 10), (24, 20)):
        x = logits(n, c)
        case(f'C={c}', x, targets(c, (n,), True), weight=weights(c), label_smoothing=0.1,
             reduction='mean')
    # K-dim inputs: nll_loss2d's cascade over the rows n·D + d, and x.sum(1)'s column orders
    # (D < 8: blocks of 4 columns; D >= 8: blocks of 32).
    for shape in ((2, 3, 9), (3, 4, 2, 3), (4, 3, 40), (5, 3, 7), (2, 6, 33)):
        x = logits(*shape)
        n, c, spatial = shape[0], shape[1], shape[2:]
        w = weights(c)
        case('K-dim', x, targets(c, (n,) + spatial, True), weight=w, reduction='mean')
        case('K-dim', x, targets(c, (n,) + spatial, True), weight=w, label_smoothing=0.25,
             reduction='mean')
        case('K-dim', x, targets(c, (n,) + spatial, True), label_smoothing=0.25, reduction='sum')
    # nll_loss on float32 log-probabilities, as given.
    for n in (16, 257):
        lp = F.log_softmax(logits(n, 3), dim=1)
        c = ce_case(f'float32 order N={n}', lp, targets(3, (n,), True), weight=weights(3),
                    reduction='mean', group=g, fn='nllLoss')
        c['exact'] = True


def main():
    gen_float32_pins()
    gen_softmax()
    gen_cross_entropy()
    gen_nll_loss()
    gen_kl_div()
    gen_bce()
    gen_mse()
    gen_one_hot()
    gen_information()
    gen_format_tensor()
    gen_pointwise()
    gen_float32_reductions()
    assert sorted(GROUPS) == sorted(GROUP_ORDER), sorted(GROUPS)
    os.makedirs(OUT_DIR, exist_ok=True)
    files = {}
    for group in GROUP_ORDER:
        doc = {'generator': GENERATOR, 'torch': torch.__version__, 'cases': GROUPS[group]}
        text = json.dumps(doc, indent=1, allow_nan=False) + '\n'
        assert len(text.encode()) < 1_000_000, f'{group}.json is too large'
        files[f'{group}.json'] = json.loads(text)
        with open(os.path.join(OUT_DIR, f'{group}.json'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)
    total = check(files)
    for fname, doc in files.items():
        size = os.path.getsize(os.path.join(OUT_DIR, fname))
        print(f'{fname:28s} {len(doc["cases"]):4d} cases  {size:7d} bytes')
    print(f'{"total":28s} {total:4d} cases')
    for name, text in BACKWARD_ERRORS:
        print(f'note: torch backward raised for {name!r} (output kept, no grad): {text}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
