// torch.nn's modules (the losses, Softmax, LogSoftmax) as callable objects, torch.optim.SGD,
// and torch.no_grad(): the objects a training program constructs and calls.
import { pyRepr } from '../../pytorch/program';
import {
  NONE,
  PyException,
  PyObject,
  pyBool,
  type PyCall,
  type PyKwargs,
  type PyValue,
  type Runtime,
} from '../values';
import { bind, params, PyFunction, type ParamSpec } from './args';
import { cast, dense } from './dense';
import { roundTo } from './dtype';
import { FUNCTIONAL, legacyReduction, LOSS_MODULES } from './functional';
import { typeName } from '../python-repr';
import { PyTensor } from './tensor';

/** A class object (`nn.CrossEntropyLoss`): calling it constructs an instance. */
export class PyClass extends PyObject {
  readonly typeName = 'type';
  readonly name: string;
  private readonly qualified: string;
  private readonly construct: PyCall;
  constructor(name: string, qualified: string, construct: PyCall) {
    super();
    this.name = name;
    this.qualified = qualified;
    this.construct = construct;
  }
  repr(): string {
    return `<class '${this.qualified}'>`;
  }
  override call(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
    rt.tick(1);
    return this.construct(args, kwargs, rt);
  }
  override getAttr(name: string): PyValue | undefined {
    return name === '__name__' ? { kind: 'str', value: this.name } : undefined;
  }
}

/** An nn.Module instance: its constructor's arguments as attributes, forward as its call. */
class PyNNModule extends PyObject {
  readonly typeName: string;
  private readonly attributes: Map<string, PyValue>;
  private readonly forward: PyCall;
  private readonly reprText: string;
  constructor(name: string, attributes: Map<string, PyValue>, forward: PyCall, reprText: string) {
    super();
    this.typeName = name;
    this.attributes = attributes;
    this.forward = forward;
    this.reprText = reprText;
  }
  repr(): string {
    return this.reprText;
  }
  override call(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
    rt.tick(1);
    return this.forward(args, kwargs, rt);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === 'forward') return new PyFunction('forward', this.forward);
    return this.attributes.get(name);
  }
  override setAttr(name: string, value: PyValue): boolean {
    if (!this.attributes.has(name)) return false;
    this.attributes.set(name, value);
    return true;
  }
}

/** The loss modules: `criterion = nn.CrossEntropyLoss(reduction='sum'); criterion(x, y)`. */
function lossClass(name: string): PyClass {
  const { functional, spec } = LOSS_MODULES[name] as { functional: string; spec: ParamSpec };
  const f = FUNCTIONAL[functional] as PyCall;
  return new PyClass(name, `torch.nn.modules.loss.${name}`, (args, kwargs, rt) => {
    const bound = bind(`${name}.__init__`, params(spec), args, kwargs);
    const attributes = new Map(bound);
    // size_average/reduce fold into reduction, as torch.nn._reduction does at construction.
    const legacy = legacyReduction(
      bound.get('size_average') ?? NONE,
      bound.get('reduce') ?? NONE,
      rt,
    );
    if (legacy !== null) attributes.set('reduction', { kind: 'str', value: legacy });
    attributes.delete('size_average');
    attributes.delete('reduce');
    const forwardSpec = params(['input', 'target']);
    const forward: PyCall = (fargs, fkwargs, rt) => {
      const b = bind(`${name}.forward`, forwardSpec, fargs, fkwargs);
      const kw = new Map<string, PyValue>();
      for (const [key, value] of attributes) kw.set(key, value);
      return f([b.get('input') as PyValue, b.get('target') as PyValue], kw, rt);
    };
    return new PyNNModule(name, attributes, forward, `${name}()`);
  });
}

/** nn.Softmax(dim=None) / nn.LogSoftmax(dim=None). */
function softmaxClass(name: 'Softmax' | 'LogSoftmax'): PyClass {
  const f = FUNCTIONAL[name === 'Softmax' ? 'softmax' : 'log_softmax'] as PyCall;
  return new PyClass(name, `torch.nn.modules.activation.${name}`, (args, kwargs) => {
    const bound = bind(`${name}.__init__`, params([['dim', NONE]]), args, kwargs);
    const dim = bound.get('dim') as PyValue;
    const attributes = new Map<string, PyValue>([['dim', dim]]);
    const forward: PyCall = (fargs, fkwargs, rt) => {
      const b = bind(`${name}.forward`, params(['input']), fargs, fkwargs);
      return f(
        [b.get('input') as PyValue],
        new Map([['dim', attributes.get('dim') as PyValue]]),
        rt,
      );
    };
    const shown = dim.kind === 'int' ? `dim=${dim.value}` : 'dim=None';
    return new PyNNModule(name, attributes, forward, `${name}(${shown})`);
  });
}

/** The nn module classes a cell can construct. */
export function nnClasses(): Map<string, PyClass> {
  const out = new Map<string, PyClass>();
  for (const name of Object.keys(LOSS_MODULES)) out.set(name, lossClass(name));
  out.set('Softmax', softmaxClass('Softmax'));
  out.set('LogSoftmax', softmaxClass('LogSoftmax'));
  return out;
}

/** Python's repr of a number option in SGD's printout. */
function showNumber(v: PyValue): string {
  if (v.kind === 'float') return pyRepr(v.value);
  if (v.kind === 'int') return String(v.value);
  if (v.kind === 'bool') return v.value ? 'True' : 'False';
  return 'None';
}

/** torch.optim.SGD: p ← p − lr·(g + wd·p), with momentum, dampening, nesterov and maximize. */
class PySGD extends PyObject {
  readonly typeName = 'SGD';
  private readonly parameters: PyTensor[];
  private readonly options: Map<string, PyValue>;
  private readonly buffers = new Map<PyTensor, Float64Array | Float32Array>();
  constructor(parameters: PyTensor[], options: Map<string, PyValue>) {
    super();
    this.parameters = parameters;
    this.options = options;
  }
  repr(): string {
    const keys = [
      'dampening',
      'differentiable',
      'foreach',
      'lr',
      'maximize',
      'momentum',
      'nesterov',
      'weight_decay',
    ];
    const lines = keys.map((k) => `    ${k}: ${showNumber(this.options.get(k) ?? NONE)}`);
    return `SGD (\nParameter Group 0\n${lines.join('\n')}\n)`;
  }
  private number(name: string): number {
    const v = this.options.get(name) ?? NONE;
    if (v instanceof PyTensor) return numberOf(v);
    return v.kind === 'int' || v.kind === 'float'
      ? v.value
      : v.kind === 'bool'
        ? Number(v.value)
        : 0;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === 'zero_grad') {
      return new PyFunction('zero_grad', (args, kwargs, rt) => {
        const b = bind('zero_grad', params([['set_to_none', pyBool(false)]]), args, kwargs);
        const toNone = b.get('set_to_none');
        for (const p of this.parameters) {
          if (p.grad === null) continue;
          if (toNone !== undefined && toNone.kind === 'bool' && toNone.value) p.grad = null;
          else p.grad.value.data.fill(0);
          rt.tick(p.value.data.length);
        }
        return NONE;
      });
    }
    if (name === 'step') {
      return new PyFunction('step', (args, kwargs, rt) => {
        bind('step', params([['closure', NONE]]), args, kwargs);
        this.step(rt);
        return NONE;
      });
    }
    if (name === 'param_groups') return undefined;
    return undefined;
  }
  private step(rt: Runtime): void {
    const lr = this.number('lr');
    const momentum = this.number('momentum');
    const dampening = this.number('dampening');
    const weightDecay = this.number('weight_decay');
    const nesterov = this.number('nesterov') !== 0;
    const maximize = this.number('maximize') !== 0;
    for (const p of this.parameters) {
      if (p.grad === null) continue;
      rt.tick(p.value.data.length);
      const r = roundTo(p.dtype);
      const x = p.value.data;
      let d = Array.from(cast(p.grad.value, p.dtype).data);
      if (maximize) d = d.map((v) => -v);
      if (weightDecay !== 0) d = d.map((v, i) => r(v + r(r(weightDecay) * (x[i] as number))));
      if (momentum !== 0) {
        let buf = this.buffers.get(p);
        if (buf === undefined) {
          buf = dense(p.shape, p.dtype, d).data;
          this.buffers.set(p, buf);
        } else {
          const b = buf;
          b.forEach(
            (v, i) => (b[i] = r(r(r(momentum) * v) + r(r(1 - dampening) * (d[i] as number)))),
          );
        }
        const b = buf;
        d = nesterov ? d.map((v, i) => r(v + r(r(momentum) * (b[i] as number)))) : Array.from(b);
      }
      // p.add_(d_p, alpha=−lr): the scalar is cast to the dtype, then p + alpha·d.
      const alpha = r(-lr);
      for (let i = 0; i < x.length; i++) x[i] = r((x[i] as number) + r(alpha * (d[i] as number)));
      // Written through p (a view's storage too) as the in-place add_ it is: p's version moves on,
      // so a graph that saved p refuses a second backward as PyTorch's does.
      p.assign(x);
    }
  }
}

const SGD_SPEC: ParamSpec = [
  'params',
  ['lr', NONE],
  ['momentum', { kind: 'int', value: 0 }],
  ['dampening', { kind: 'int', value: 0 }],
  ['weight_decay', { kind: 'int', value: 0 }],
  ['nesterov', pyBool(false)],
  '*',
  ['maximize', pyBool(false)],
  ['foreach', NONE],
  ['differentiable', pyBool(false)],
];

/** An SGD option as a number for its sign checks; Python's TypeError for what `< 0.0` refuses. */
function numberOf(v: PyValue): number {
  if (v.kind === 'int' || v.kind === 'float') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  if (v instanceof PyTensor && v.value.data.length === 1) return v.value.data[0] as number;
  throw new PyException(
    'TypeError',
    `'<' not supported between instances of '${typeName(v)}' and 'float'`,
  );
}

/** Python truthiness of an SGD flag or number. */
function truthy(v: PyValue): boolean {
  if (v.kind === 'bool') return v.value;
  if (v.kind === 'int' || v.kind === 'float') return v.value !== 0;
  if (v.kind === 'none') return false;
  if (v.kind === 'str') return v.value !== '';
  return true;
}

/** torch.optim.SGD, with PyTorch's ValueErrors for a missing or negative rate and bad parameters. */
export function sgdClass(): PyClass {
  return new PyClass('SGD', 'torch.optim.sgd.SGD', (args, kwargs, rt) => {
    const bound = bind('SGD.__init__', params(SGD_SPEC), args, kwargs);
    // SGD.__init__'s checks in its order: the three signs (a non-number compared with 0.0 is
    // Python's TypeError), then nesterov, all before the parameters are looked at.
    const lr = bound.get('lr') as PyValue;
    if (lr.kind !== 'none' && numberOf(lr) < 0) {
      throw new PyException('ValueError', `Invalid learning rate: ${showNumber(lr)}`);
    }
    const momentum = bound.get('momentum') as PyValue;
    if (numberOf(momentum) < 0) {
      throw new PyException('ValueError', `Invalid momentum value: ${showNumber(momentum)}`);
    }
    const wd = bound.get('weight_decay') as PyValue;
    if (numberOf(wd) < 0) {
      throw new PyException('ValueError', `Invalid weight_decay value: ${showNumber(wd)}`);
    }
    const dampening = bound.get('dampening') as PyValue;
    if (
      truthy(bound.get('nesterov') as PyValue) &&
      (numberOf(momentum) <= 0 || truthy(dampening))
    ) {
      throw new PyException(
        'ValueError',
        'Nesterov momentum requires a momentum and zero dampening',
      );
    }
    const source = bound.get('params') as PyValue;
    const items =
      source instanceof PyTensor
        ? (() => {
            throw new PyException(
              'TypeError',
              'params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor',
            );
          })()
        : source.kind === 'list' || source.kind === 'tuple'
          ? source.items
          : source instanceof PyObject && source.iterate !== undefined
            ? source.iterate(rt)
            : (() => {
                throw new PyException(
                  'TypeError',
                  `params argument given to the optimizer should be an iterable of Tensors or dicts`,
                );
              })();
    if (items.length === 0)
      throw new PyException('ValueError', 'optimizer got an empty parameter list');
    const parameters = items.map((p) => {
      if (!(p instanceof PyTensor)) {
        throw new PyException(
          'TypeError',
          `optimizer can only optimize Tensors, but one of the params is ${p.kind === 'object' ? p.typeName : p.kind}`,
        );
      }
      if (!p.isLeaf) throw new PyException('ValueError', "can't optimize a non-leaf Tensor");
      return p;
    });
    if (lr.kind === 'none') {
      throw new PyException(
        'ValueError',
        "parameter group didn't specify a value of required optimization parameter lr",
      );
    }
    return new PySGD(parameters, new Map(bound));
  });
}

/** torch.no_grad(): a context manager that turns grad mode off inside its block. */
export class PyNoGrad extends PyObject {
  readonly typeName = 'no_grad';
  private readonly saved: boolean[] = [];
  repr(): string {
    return '<torch.autograd.grad_mode.no_grad object>';
  }
  override enter(rt: Runtime): PyValue {
    this.saved.push(rt.gradEnabled);
    rt.gradEnabled = false;
    return NONE;
  }
  override exit(rt: Runtime): void {
    rt.gradEnabled = this.saved.pop() ?? true;
  }
}
