// The torch module of a PyTorch cell: createTorch() builds a fresh `torch` per run (its dtypes,
// functions, torch.nn with its functional and modules, torch.optim, torch.special), so nothing
// a program does leaks into the next run. The language resolves imports against it.
import { NONE, PyException, PyObject, pyBool, type PyCall, type PyValue } from '../values';
import { bindArgs, bindBuiltin, params, PyModule, type Args, type ParamSpec } from './args';
import { arange, filled, leaf, sizesOf, tensorFrom } from './create';
import { type Dense } from './dense';
import { expectDType, makeDTypes, type TorchDType } from './dtype';
import { FUNCTIONAL } from './functional';
import { attribute, HOOKS, tensorArg, torchFunctions } from './methods';
import { nnClasses, PyNoGrad, sgdClass } from './modules';
import { concatenate, operand, xlogy } from './ops';
import { pyraise } from './raise';
import { PySize } from './size';
import { PyTensor, type TorchContext } from './tensor';

export { PyTensor } from './tensor';

/** A constructor's dtype= keyword: a dtype object or None. */
function dtypeOption(v: PyValue, fn: string): TorchDType | null {
  return v.kind === 'none' ? null : expectDType(v, fn, 'dtype');
}

/** The keywords every tensor factory takes after its own parameters. */
const FACTORY_KEYWORDS: ParamSpec = [
  '*',
  ['dtype', NONE],
  ['device', NONE],
  ['requires_grad', pyBool(false)],
];

/** A constructor's requires_grad= keyword. */
function flag(v: PyValue, fn: string): boolean {
  if (v.kind === 'bool') return v.value;
  throw new PyException(
    'TypeError',
    `${fn}(): argument 'requires_grad' must be bool, not ${v.kind === 'object' ? v.typeName : v.kind}`,
  );
}

const REFUSED: Record<string, string> = {
  randn:
    "torch.randn is not supported in this cell: its random numbers could not match PyTorch's; write the values out with torch.tensor([...])",
  rand: "torch.rand is not supported in this cell: its random numbers could not match PyTorch's; write the values out with torch.tensor([...])",
  randint:
    "torch.randint is not supported in this cell: its random numbers could not match PyTorch's; write the values out with torch.tensor([...])",
};

/** A fresh torch module for one run. */
export function createTorch(): PyObject {
  const dtypes = makeDTypes();
  const ctx: TorchContext = { dtypes, attribute, hooks: HOOKS };
  const torch = new PyModule('torch');
  const def = (module: PyModule, name: string, f: PyCall, python = false) =>
    module.def(name, f, python);

  const dtypeNames: Record<string, TorchDType> = {
    float32: 'float32',
    float: 'float32',
    float64: 'float64',
    double: 'float64',
    int64: 'int64',
    long: 'int64',
    int32: 'int32',
    int: 'int32',
    uint8: 'uint8',
    bool: 'bool',
  };
  for (const [name, dtype] of Object.entries(dtypeNames)) torch.members.set(name, dtypes[dtype]);

  /** A factory's new leaf: `values` in its dtype= (null: the factory's own choice), then requires_grad=. */
  const made = (a: Args, name: string, values: (dtype: TorchDType | null) => Dense): PyTensor => {
    const t = new PyTensor(ctx, values(dtypeOption(a.get('dtype'), name)));
    return leaf(t, flag(a.get('requires_grad'), name));
  };

  def(torch, 'tensor', (args, kwargs, rt) => {
    if (args.length === 0 && !kwargs.has('data')) {
      throw new PyException(
        'TypeError',
        'tensor() missing 1 required positional arguments: "data"',
      );
    }
    const a = bindArgs(
      'tensor',
      params(['data', ...FACTORY_KEYWORDS, ['pin_memory', pyBool(false)]]),
      args,
      kwargs,
    );
    return made(a, 'tensor', (dtype) => tensorFrom(a.get('data'), dtype, rt));
  });
  const constructor =
    (name: string, value: number): PyCall =>
    (args, kwargs, rt) => {
      // size is *args in PyTorch: each positional is one size, then the keywords.
      const sizes = args.length === 0 ? ['size'] : args.map((_, i) => `size${i}`);
      const a = bindBuiltin(
        `torch.${name}`,
        name,
        params([
          ...sizes,
          ...FACTORY_KEYWORDS,
          ['out', NONE],
          ['layout', NONE],
          ['pin_memory', pyBool(false)],
        ]),
        args,
        kwargs,
      );
      const shape = sizesOf(args, name);
      return made(a, name, (dtype) => filled(shape, dtype ?? 'float32', value, rt));
    };
  def(torch, 'zeros', constructor('zeros', 0));
  def(torch, 'ones', constructor('ones', 1));
  const like =
    (name: string, value: number): PyCall =>
    (args, kwargs, rt) => {
      const a = bindArgs(name, params(['input', ...FACTORY_KEYWORDS]), args, kwargs);
      const x = tensorArg(a.get('input'), name, 'input');
      return made(a, name, (dtype) => filled(x.shape, dtype ?? x.dtype, value, rt));
    };
  def(torch, 'zeros_like', like('zeros_like', 0));
  def(torch, 'ones_like', like('ones_like', 1));
  def(torch, 'full', (args, kwargs, rt) => {
    const a = bindArgs('full', params(['size', 'fill_value', ...FACTORY_KEYWORDS]), args, kwargs);
    const fill = a.get('fill_value');
    const inferred: TorchDType =
      fill.kind === 'float' ? 'float32' : fill.kind === 'bool' ? 'bool' : 'int64';
    const shape = sizesOf([a.get('size')], 'full');
    return made(a, 'full', (dtype) => filled(shape, dtype ?? inferred, a.number('fill_value'), rt));
  });
  def(torch, 'arange', (args, kwargs, rt) => {
    const a = bindArgs(
      'arange',
      params([
        ['start', NONE],
        ['end', NONE],
        ['step', { kind: 'int', value: 1 }],
        ...FACTORY_KEYWORDS,
      ]),
      args,
      kwargs,
    );
    const bounds = a.isNone('end')
      ? [a.get('start'), { kind: 'int', value: 0 } as PyValue]
      : [a.get('start'), a.get('end')];
    if (bounds[0]?.kind === 'none')
      throw new PyException(
        'TypeError',
        'arange() received an invalid combination of arguments - got (), but expected one of:\n * (Number end, *, Tensor out, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad)\n * (Number start, Number end, *, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad)\n * (Number start, Number end, Number step, *, Tensor out, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad)\n',
      );
    const start = a.isNone('end') ? 0 : a.number('start');
    const end = a.isNone('end') ? a.number('start') : a.number('end');
    const floats = [...bounds, a.get('step')].some((v) => v.kind === 'float');
    const step = a.number('step');
    return made(a, 'arange', (dtype) => arange(start, end, step, floats, dtype, rt));
  });
  for (const [name, f] of torchFunctions()) if (name !== 'entr') def(torch, name, f);
  def(torch, 'Size', (args, kwargs) => {
    const a = bindArgs('Size', params([['sizes', { kind: 'tuple', items: [] }]]), args, kwargs);
    const v = a.get('sizes');
    const items =
      v.kind === 'list' || v.kind === 'tuple'
        ? v.items
        : v instanceof PyObject && v.iterate !== undefined
          ? null
          : null;
    if (items === null) {
      throw new PyException(
        'TypeError',
        `'${v.kind === 'object' ? v.typeName : v.kind}' object is not iterable`,
      );
    }
    return new PySize(
      items.map((d) =>
        d.kind === 'int'
          ? d.value
          : (() => {
              throw new PyException(
                'TypeError',
                `torch.Size() takes an iterable of 'int' (item 0 is '${d.kind === 'object' ? d.typeName : d.kind}')`,
              );
            })(),
      ),
    );
  });
  for (const stack of [false, true]) {
    const name = stack ? 'stack' : 'cat';
    def(torch, name, (args, kwargs, rt) => {
      const a = bindArgs(
        name,
        params(['tensors', ['dim', { kind: 'int', value: 0 }]]),
        args,
        kwargs,
      );
      const list = a.get('tensors');
      if (list.kind !== 'list' && list.kind !== 'tuple') {
        throw new PyException(
          'TypeError',
          `${name}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${list.kind === 'object' ? list.typeName : list.kind}`,
        );
      }
      const pieces = list.items.map((v, i) =>
        v instanceof PyTensor
          ? v
          : pyraise(
              'TypeError',
              `expected Tensor as element ${i} in argument 0, but got ${v.kind === 'object' ? v.typeName : v.kind}`,
            ),
      );
      return concatenate(ctx, pieces, a.int('dim'), stack, rt);
    });
  }
  def(torch, 'is_tensor', (args, kwargs) =>
    pyBool(bindArgs('is_tensor', params(['obj']), args, kwargs).get('obj') instanceof PyTensor),
  );
  def(torch, 'allclose', (args, kwargs, rt) => {
    const a = bindArgs(
      'allclose',
      params([
        'input',
        'other',
        ['rtol', { kind: 'float', value: 1e-5 }],
        ['atol', { kind: 'float', value: 1e-8 }],
        ['equal_nan', pyBool(false)],
      ]),
      args,
      kwargs,
    );
    const x = tensorArg(a.get('input'), 'allclose', 'input');
    const y = tensorArg(a.get('other'), 'allclose', 'other');
    const rtol = a.number('rtol');
    const atol = a.number('atol');
    const equalNan = a.bool('equal_nan');
    rt.tick(x.value.data.length);
    if (x.shape.join() !== y.shape.join()) {
      throw new PyException(
        'RuntimeError',
        `The size of tensor a (${x.shape.at(-1) ?? 1}) must match the size of tensor b (${y.shape.at(-1) ?? 1}) at non-singleton dimension ${Math.max(x.shape.length, y.shape.length) - 1}`,
      );
    }
    const all = Array.from(x.value.data).every((p, i) => {
      const q = y.value.data[i] as number;
      if (p !== p || q !== q) return equalNan && p !== p && q !== q;
      return p === q || Math.abs(p - q) <= atol + rtol * Math.abs(q);
    });
    return pyBool(all);
  });
  def(torch, 'no_grad', (args, kwargs) => {
    bindArgs('no_grad', params([]), args, kwargs);
    return new PyNoGrad();
  });
  def(torch, 'is_grad_enabled', (_args, _kwargs, rt) => pyBool(rt.gradEnabled));
  def(torch, 'manual_seed', (args, kwargs) => {
    bindArgs('manual_seed', params(['seed']), args, kwargs);
    return NONE;
  });
  for (const [name, message] of Object.entries(REFUSED)) {
    def(torch, name, () => {
      throw new PyException('NotImplementedError', message);
    });
  }

  // torch.special
  const special = new PyModule('torch.special');
  const fns = torchFunctions();
  def(special, 'entr', fns.get('entr') as PyCall);
  def(special, 'xlogy', (args, kwargs, rt) => {
    const a = bindArgs('special_xlogy', params(['input', 'other']), args, kwargs);
    const x = operand(ctx, a.get('input'));
    const y = operand(ctx, a.get('other'));
    if (x === undefined || y === undefined || (x.wrapped && y.wrapped)) {
      throw new PyException('TypeError', "special_xlogy(): argument 'input' must be Tensor");
    }
    return xlogy(ctx, x, y, rt);
  });
  for (const name of [
    'softmax',
    'log_softmax',
    'logsumexp',
    'exp',
    'log',
    'log2',
    'sigmoid',
  ] as const) {
    const f = fns.get(name);
    if (f !== undefined) def(special, name === 'sigmoid' ? 'expit' : name, f);
  }
  torch.members.set('special', special);
  torch.members.set('xlogy', special.members.get('xlogy') as PyValue);

  // torch.nn and torch.nn.functional
  const nn = new PyModule('torch.nn');
  const functional = new PyModule('torch.nn.functional');
  for (const [name, f] of Object.entries(FUNCTIONAL)) def(functional, name, f, true);
  for (const name of ['sigmoid', 'relu', 'tanh'] as const) {
    const f = fns.get(name);
    if (f !== undefined) def(functional, name, f);
  }
  nn.members.set('functional', functional);
  for (const [name, cls] of nnClasses()) nn.members.set(name, cls);
  def(nn, 'Linear', () => {
    throw new PyException(
      'NotImplementedError',
      'nn.Linear is not supported in this cell: its initial weights are random; write the weights out with torch.tensor([...], requires_grad=True) and use x @ W + b',
    );
  });
  torch.members.set('nn', nn);

  // torch.optim
  const optim = new PyModule('torch.optim');
  optim.members.set('SGD', sgdClass());
  torch.members.set('optim', optim);

  return torch;
}
