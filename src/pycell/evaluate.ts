// The evaluator: walks a parsed program statement by statement with Python's semantics for
// names, assignment (augmented, unpacking), loops, with-blocks and calls. Its recursion follows
// the syntax tree, whose depth the parser bounds, so no program reaches the JS stack's end.
import type { Expr, FStringPart, Stmt } from './ast';
import {
  PyRange,
  REFUSED_BUILTINS,
  createBuiltins,
  formatValue,
  iterate,
  valueMethod,
} from './builtins';
import { unsupported } from './lexer';
import { LocatedException } from './located';
import { parseProgram } from './parser';
import pytorchNames from './pytorch-names.json';
import { MAX_ELEMENTS, MAX_OPERATIONS, MAX_OUTPUT, limitError } from './limits';
import { createMath } from './math-module';
import {
  asIndex,
  binaryOp,
  chargeSequence,
  compareOp,
  contains,
  identical,
  indexSequence,
  truthy,
  unaryOp,
} from './operators';
import { repr, str, typeName } from './python-repr';
import {
  ELLIPSIS,
  NONE,
  PyException,
  pyBool,
  pyStr,
  type CompareOp,
  type PyKwargs,
  type PyObject,
  type PyValue,
  type Runtime,
} from './values';

/** The modules a program can import, each made fresh for its run. */
export interface Modules {
  readonly torch: () => PyObject;
}

type Flow = 'break' | 'continue' | undefined;

const TORCH_FILE = '/usr/lib/python3/dist-packages/torch';

/** One run of one program: its names, output, operation count and grad mode. */
class Interpreter implements Runtime {
  gradEnabled = true;
  /** The line of the statement running now: where an uncaught exception is reported. */
  line = 1;
  private operations = 0;
  private outputLength = 0;
  private readonly output: string[] = [];
  private readonly globals = new Map<string, PyValue>();
  private readonly builtins: Map<string, PyValue>;
  private readonly modules: Modules;
  private torch: PyObject | undefined;
  private math: PyObject | undefined;

  constructor(modules: Modules) {
    this.modules = modules;
    this.builtins = createBuiltins((text) => this.write(text));
  }

  /** What the program has printed so far. */
  get stdout(): string {
    return this.output.join('');
  }

  tick(cost = 1): void {
    this.operations += cost;
    if (this.operations > MAX_OPERATIONS) {
      throw limitError(
        `the program ran more than ${MAX_OPERATIONS.toLocaleString('en-US')} operations`,
      );
    }
  }

  checkElements(count: number): void {
    if (count > MAX_ELEMENTS) {
      throw limitError(
        `a tensor of ${count} elements; a cell's tensors hold at most ${MAX_ELEMENTS.toLocaleString('en-US')}`,
      );
    }
  }

  private write(text: string): void {
    this.outputLength += text.length;
    if (this.outputLength > MAX_OUTPUT) {
      throw limitError(
        `the program printed more than ${MAX_OUTPUT.toLocaleString('en-US')} characters`,
      );
    }
    this.output.push(text);
  }

  /** Runs statements in order; a PyException escapes with its Python type and message. */
  run(body: readonly Stmt[]): void {
    this.block(body);
  }

  private block(body: readonly Stmt[]): Flow {
    for (const statement of body) {
      const flow = this.statement(statement);
      if (flow !== undefined) return flow;
    }
    return undefined;
  }

  private statement(node: Stmt): Flow {
    this.line = node.line;
    this.tick();
    switch (node.kind) {
      case 'expression':
        this.evaluate(node.expr);
        return undefined;
      case 'assign': {
        const value = this.evaluate(node.value);
        for (const target of node.targets) this.assign(target, value);
        return undefined;
      }
      case 'augmented':
        this.augmented(node.target, node.op, node.value);
        return undefined;
      case 'import':
        this.importModule(node.module, node.alias);
        return undefined;
      case 'from': {
        const module = this.resolveModule(node.module);
        for (const [name, alias] of node.names) {
          const value = importedName(module, name, this);
          if (value === undefined && hasPytorchName(node.module, name)) {
            throw new PyException(
              'NotImplementedError',
              `${node.module}.${name} is not supported in this cell`,
            );
          }
          if (value === undefined) {
            const location = node.module.startsWith('torch')
              ? `${TORCH_FILE}/${node.module.split('.').slice(1).concat('__init__.py').join('/')}`
              : 'unknown location';
            const shown = node.module === 'math' ? '(unknown location)' : `(${location})`;
            throw new PyException(
              'ImportError',
              `cannot import name '${name}' from '${node.module}' ${shown}`,
            );
          }
          this.globals.set(alias ?? name, value);
        }
        return undefined;
      }
      case 'if':
        return truthy(this.evaluate(node.test), this)
          ? this.block(node.body)
          : this.block(node.orelse);
      case 'for':
        return this.forLoop(node);
      case 'with':
        return this.withBlock(node.items, 0, node.body);
      case 'assert':
        if (!truthy(this.evaluate(node.test), this)) {
          const message = node.message === null ? '' : str(this.evaluate(node.message), this);
          throw new PyException('AssertionError', message);
        }
        return undefined;
      case 'pass':
        return undefined;
      case 'break':
      case 'continue':
        return node.kind;
    }
  }

  private importModule(module: string, alias: string | null): void {
    const value = this.resolveModule(module);
    if (alias !== null) this.globals.set(alias, value);
    else
      this.globals.set(
        module.split('.')[0] ?? module,
        this.resolveModule(module.split('.')[0] ?? module),
      );
  }

  private resolveModule(path: string): PyObject {
    const [root, ...rest] = path.split('.');
    let module: PyObject;
    if (root === 'math') {
      this.math ??= createMath();
      module = this.math;
    } else {
      this.torch ??= this.modules.torch();
      module = this.torch;
    }
    for (const [i, part] of rest.entries()) {
      const next = importedName(module, part, this);
      if (next?.kind !== 'object') {
        throw new PyException(
          'ModuleNotFoundError',
          `No module named '${[root, ...rest.slice(0, i + 1)].join('.')}'`,
        );
      }
      module = next;
    }
    return module;
  }

  private forLoop(node: Extract<Stmt, { kind: 'for' }>): Flow {
    const iterable = this.evaluate(node.iterable);
    // A range is walked lazily: `for i in range(10**9)` costs only the iterations it runs.
    if (iterable instanceof PyRange) {
      const length = iterable.len();
      for (let i = 0; i < length; i++) {
        this.line = node.line;
        this.tick();
        this.assign(node.target, { kind: 'int', value: iterable.start + i * iterable.step });
        if (this.block(node.body) === 'break') return undefined;
      }
      return this.block(node.orelse);
    }
    // A list is read live, so items appended inside the loop are visited, as in Python.
    const items = iterable.kind === 'list' ? iterable.items : iterate(iterable, this);
    for (let i = 0; i < items.length; i++) {
      this.line = node.line;
      this.tick();
      this.assign(node.target, items[i] as PyValue);
      if (this.block(node.body) === 'break') return undefined;
    }
    return this.block(node.orelse);
  }

  private withBlock(
    items: readonly (readonly [Expr, Expr | null])[],
    index: number,
    body: readonly Stmt[],
  ): Flow {
    const item = items[index];
    if (item === undefined) return this.block(body);
    const [managerExpr, target] = item;
    const manager = this.evaluate(managerExpr);
    if (manager.kind !== 'object' || manager.enter === undefined || manager.exit === undefined) {
      throw new PyException(
        'TypeError',
        `'${typeName(manager)}' object does not support the context manager protocol`,
      );
    }
    const entered = manager.enter(this);
    try {
      if (target !== null) this.assign(target, entered);
      return this.withBlock(items, index + 1, body);
    } finally {
      manager.exit(this);
    }
  }

  private assign(target: Expr, value: PyValue): void {
    switch (target.kind) {
      case 'name':
        this.globals.set(target.id, value);
        return;
      case 'attribute': {
        const object = this.evaluate(target.object);
        if (object.kind !== 'object' || !object.setAttr(target.name, value, this)) {
          throw this.attributeError(object, target.name, true);
        }
        return;
      }
      case 'subscript': {
        const object = this.evaluate(target.object);
        const key = this.evaluate(target.key);
        this.setItem(object, key, value);
        return;
      }
      case 'tuple':
      case 'list': {
        if (
          value.kind !== 'list' &&
          value.kind !== 'tuple' &&
          value.kind !== 'str' &&
          value.kind !== 'object'
        ) {
          throw new PyException(
            'TypeError',
            `cannot unpack non-iterable ${typeName(value)} object`,
          );
        }
        if (value.kind === 'object' && value.iterate === undefined) {
          throw new PyException(
            'TypeError',
            `cannot unpack non-iterable ${typeName(value)} object`,
          );
        }
        const items = iterate(value, this);
        const expected = target.items.length;
        if (items.length > expected) {
          throw new PyException('ValueError', `too many values to unpack (expected ${expected})`);
        }
        if (items.length < expected) {
          throw new PyException(
            'ValueError',
            `not enough values to unpack (expected ${expected}, got ${items.length})`,
          );
        }
        target.items.forEach((item, i) => this.assign(item, items[i] as PyValue));
        return;
      }
      default:
        throw unsupported('this assignment target', target.line);
    }
  }

  private setItem(object: PyValue, key: PyValue, value: PyValue): void {
    if (object.kind === 'list') {
      if (key.kind === 'slice') throw unsupportedAtRuntime('assigning to a slice of a list');
      const index = asIndex(key, this);
      if (index === undefined) {
        throw new PyException(
          'TypeError',
          `list indices must be integers or slices, not ${typeName(key)}`,
        );
      }
      const position = index < 0 ? index + object.items.length : index;
      if (position < 0 || position >= object.items.length) {
        throw new PyException('IndexError', 'list assignment index out of range');
      }
      object.items[position] = value;
      return;
    }
    if (object.kind === 'object' && object.setItem !== undefined) {
      object.setItem(key, value, this);
      return;
    }
    throw new PyException(
      'TypeError',
      `'${typeName(object)}' object does not support item assignment`,
    );
  }

  private augmented(target: Expr, op: string, valueExpr: Expr): void {
    // The target's container and key are evaluated once, as in Python.
    let read: () => PyValue;
    let write: (value: PyValue) => void;
    switch (target.kind) {
      case 'name':
        read = () => this.lookup(target.id, target.line);
        write = (value) => this.globals.set(target.id, value);
        break;
      case 'attribute': {
        const object = this.evaluate(target.object);
        read = () => this.getAttribute(object, target.name);
        write = (value) => {
          if (object.kind !== 'object' || !object.setAttr(target.name, value, this)) {
            throw this.attributeError(object, target.name, true);
          }
        };
        break;
      }
      case 'subscript': {
        const object = this.evaluate(target.object);
        const key = this.evaluate(target.key);
        read = () => this.getItem(object, key);
        write = (value) => this.setItem(object, key, value);
        break;
      }
      default:
        throw unsupported('this augmented assignment target', target.line);
    }
    const current = read();
    const operand = this.evaluate(valueExpr);
    let result: PyValue | undefined;
    if (current.kind === 'object' && current.inplace !== undefined && isTorchOp(op)) {
      result = current.inplace(op, operand, this);
    }
    if (result === undefined && current.kind === 'list' && op === '+') {
      const added = iterate(operand, this);
      const count = added.length;
      chargeSequence(current.items.length + count, this);
      // One push per item (a spread would overflow the JS stack on a long list); the count is
      // read first so `m += m` adds m's items once, as Python does.
      for (let i = 0; i < count; i++) current.items.push(added[i] as PyValue);
      result = current;
    }
    result ??= binaryOp(op, current, operand, this, `${op}=`);
    write(result);
  }

  private lookup(name: string, line: number): PyValue {
    const value = this.globals.get(name) ?? this.builtins.get(name);
    if (value !== undefined) return value;
    const refused = REFUSED_BUILTINS.get(name);
    if (refused !== undefined) throw unsupported(refused, line);
    throw new PyException('NameError', `name '${name}' is not defined`);
  }

  private attributeError(object: PyValue, name: string, setting = false): PyException {
    if (!setting) {
      const owner = pytorchOwner(object, this);
      if (owner !== undefined && hasPytorchName(owner.key, name)) {
        return new PyException(
          'NotImplementedError',
          `${owner.shown}.${name} is not supported in this cell`,
        );
      }
    }
    // Setting is refused before the module case: Python lets `math.pi = 3` change the module for
    // every later user, and a cell's modules are fresh per run, so "has no attribute" would lie.
    if (setting && object.kind === 'object') {
      const owner =
        object.typeName === 'module'
          ? `module '${moduleNameOf(object, this)}'`
          : `'${typeName(object)}' object`;
      return new PyException(
        'AttributeError',
        `${owner} attribute '${name}' cannot be set in this cell`,
      );
    }
    if (object.kind === 'object' && object.typeName === 'module') {
      const moduleName = moduleNameOf(object, this);
      return new PyException('AttributeError', `module '${moduleName}' has no attribute '${name}'`);
    }
    return new PyException(
      'AttributeError',
      `'${typeName(object)}' object has no attribute '${name}'`,
    );
  }

  private getAttribute(object: PyValue, name: string): PyValue {
    let value: PyValue | undefined;
    try {
      value = object.kind === 'object' ? object.getAttr(name, this) : valueMethod(object, name);
    } catch (error) {
      // torch's modules raise AttributeError themselves; a name PyTorch has is refused instead.
      if (error instanceof PyException && error.pyType === 'AttributeError') {
        const refusal = this.attributeError(object, name);
        throw refusal.pyType === 'NotImplementedError' ? refusal : error;
      }
      throw error;
    }
    if (value === undefined) throw this.attributeError(object, name);
    return value;
  }

  private getItem(object: PyValue, key: PyValue): PyValue {
    if (object.kind === 'list' || object.kind === 'tuple' || object.kind === 'str') {
      return indexSequence(object, key, this);
    }
    if (object.kind === 'object' && object.getItem !== undefined) return object.getItem(key, this);
    throw new PyException('TypeError', `'${typeName(object)}' object is not subscriptable`);
  }

  /** The value of an expression. */
  evaluate(node: Expr): PyValue {
    this.tick();
    switch (node.kind) {
      case 'number':
        return node.value;
      case 'string':
        return pyStr(node.value);
      case 'fstring':
        return pyStr(this.fstring(node.parts));
      case 'constant':
        return node.value === 'None'
          ? NONE
          : node.value === '...'
            ? ELLIPSIS
            : pyBool(node.value === 'True');
      case 'name':
        return this.lookup(node.id, node.line);
      case 'list':
      case 'tuple': {
        const items = node.items.map((item) => this.evaluate(item));
        return node.kind === 'list' ? { kind: 'list', items } : { kind: 'tuple', items };
      }
      case 'attribute':
        return this.getAttribute(this.evaluate(node.object), node.name);
      case 'subscript':
        return this.getItem(this.evaluate(node.object), this.evaluateKey(node.key));
      case 'slice':
        return this.slice(node);
      case 'call':
        return this.call(node);
      case 'unary':
        return this.unaryRun(node);
      case 'binary':
        return this.binaryChain(node);
      case 'boolean': {
        let value: PyValue = NONE;
        for (const operand of node.values) {
          value = this.evaluate(operand);
          const isTrue = truthy(value, this);
          if (node.op === 'and' ? !isTrue : isTrue) return value;
        }
        return value;
      }
      case 'compare':
        return this.compare(node);
      case 'ternary':
        return truthy(this.evaluate(node.test), this)
          ? this.evaluate(node.body)
          : this.evaluate(node.orelse);
    }
  }

  /** `- - - x`: the run of operators is applied in a loop, innermost first, without recursion. */
  private unaryRun(node: Extract<Expr, { kind: 'unary' }>): PyValue {
    const ops: Extract<Expr, { kind: 'unary' }>['op'][] = [];
    let inner: Expr = node;
    while (inner.kind === 'unary') {
      ops.push(inner.op);
      inner = inner.operand;
    }
    let value = this.evaluate(inner);
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i]!;
      if (i < ops.length - 1) this.tick();
      value = op === 'not' ? pyBool(!truthy(value, this)) : unaryOp(op, value, this);
    }
    return value;
  }

  /**
   * A left-associative chain `a + b - c * d …`: walks down the left operands in a loop, so
   * a chain of any length costs one stack frame per operand it nests, not per term.
   */
  private binaryChain(node: Extract<Expr, { kind: 'binary' }>): PyValue {
    const spine: Extract<Expr, { kind: 'binary' }>[] = [];
    let left: Expr = node;
    while (left.kind === 'binary') {
      spine.push(left);
      left = left.left;
    }
    let value = this.evaluate(left);
    for (let i = spine.length - 1; i >= 0; i--) {
      const link = spine[i]!;
      if (i < spine.length - 1) this.tick();
      value = binaryOp(link.op, value, this.evaluate(link.right), this);
    }
    return value;
  }

  private evaluateKey(node: Expr): PyValue {
    if (node.kind === 'tuple') {
      return { kind: 'tuple', items: node.items.map((item) => this.evaluate(item)) };
    }
    return this.evaluate(node);
  }

  private slice(node: Extract<Expr, { kind: 'slice' }>): PyValue {
    const bound = (expr: Expr | null): number | null => {
      if (expr === null) return null;
      const value = this.evaluate(expr);
      if (value.kind === 'none') return null;
      const index = asIndex(value, this);
      if (index === undefined) {
        throw new PyException(
          'TypeError',
          'slice indices must be integers or None or have an __index__ method',
        );
      }
      return index;
    };
    return {
      kind: 'slice',
      start: bound(node.start),
      stop: bound(node.stop),
      step: bound(node.step),
    };
  }

  private call(node: Extract<Expr, { kind: 'call' }>): PyValue {
    const callee = this.evaluate(node.callee);
    const args = node.args.map((arg) => this.evaluate(arg));
    const kwargs: PyKwargs = new Map(
      node.kwargs.map(([name, expr]) => [name, this.evaluate(expr)]),
    );
    if (callee.kind !== 'object' || callee.call === undefined) {
      throw new PyException('TypeError', `'${typeName(callee)}' object is not callable`);
    }
    return callee.call(args, kwargs, this);
  }

  private compare(node: Extract<Expr, { kind: 'compare' }>): PyValue {
    let left = this.evaluate(node.left);
    let result: PyValue = pyBool(true);
    for (const [i, op] of node.ops.entries()) {
      const right = this.evaluate(node.comparators[i] as Expr);
      switch (op) {
        case 'is':
        case 'is not':
          result = pyBool(identical(left, right) === (op === 'is'));
          break;
        case 'in':
        case 'not in':
          result = pyBool(contains(right, left, this) === (op === 'in'));
          break;
        default:
          result = compareOp(op as CompareOp, left, right, this);
      }
      // A chain a < b < c stops at the first false link, returning it.
      if (i < node.ops.length - 1 && !truthy(result, this)) return result;
      left = right;
    }
    return result;
  }

  private fstring(parts: readonly FStringPart[]): string {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      let value = this.evaluate(part.expr);
      if (part.conversion === 'r' || part.conversion === 'a') value = pyStr(repr(value, this));
      else if (part.conversion === 's') value = pyStr(str(value, this));
      const spec = this.fstring(part.spec);
      out += (part.debugText ?? '') + formatValue(value, spec, this);
      if (out.length > MAX_OUTPUT) {
        throw limitError(`a string longer than ${MAX_OUTPUT.toLocaleString('en-US')} characters`);
      }
    }
    return out;
  }
}

/** A module object's dotted name, as its repr shows it. */
function moduleNameOf(object: PyObject, rt: Runtime): string {
  return /<module '([^']+)'/u.exec(object.repr(rt))?.[1] ?? 'module';
}

/**
 * The object an attribute was looked up on, as pytorch-names.json files it (`key`) and as a
 * refusal names it (`shown`); undefined for objects whose names were not recorded.
 */
function pytorchOwner(object: PyValue, rt: Runtime): { key: string; shown: string } | undefined {
  if (object.kind === 'str' || object.kind === 'list' || object.kind === 'tuple') {
    return { key: object.kind, shown: object.kind };
  }
  if (object.kind !== 'object') return undefined;
  if (object.typeName === 'module') {
    const name = moduleNameOf(object, rt);
    return { key: name, shown: name };
  }
  if (object.typeName === 'Tensor' || object.typeName === 'SGD') {
    return { key: object.typeName, shown: object.typeName };
  }
  if (MODULE_CLASSES.has(object.typeName)) return { key: 'nn.Module', shown: object.typeName };
  return undefined;
}

const PYTORCH_NAMES = new Map(
  Object.entries(pytorchNames.names).map(([key, names]) => [key, new Set(names.split(' '))]),
);
const MODULE_CLASSES = new Set(pytorchNames.moduleClasses.split(' '));

/** True when PyTorch 1.13 (or Python, for str/list/tuple) has `name` on the object filed as `key`. */
function hasPytorchName(key: string, name: string): boolean {
  return PYTORCH_NAMES.get(key)?.has(name) ?? false;
}

/** `from module import name`: the member, or undefined where the module has none. */
function importedName(module: PyObject, name: string, rt: Runtime): PyValue | undefined {
  try {
    return module.getAttr(name, rt);
  } catch (error) {
    // torch's modules raise AttributeError themselves; an import reports ImportError instead.
    if (error instanceof PyException && error.pyType === 'AttributeError') return undefined;
    throw error;
  }
}

function isTorchOp(op: string): op is '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' {
  return ['+', '-', '*', '/', '//', '%', '**', '@'].includes(op);
}

function unsupportedAtRuntime(what: string): PyException {
  return new PyException('NotImplementedError', `${what} is not supported in this cell`);
}

/**
 * What a run printed, the last line of the uncaught exception's traceback, if any, and the
 * 1-based source line where it arose: the statement that raised it, or for a SyntaxError the
 * line the parser stopped at; null when the program ran to its end.
 */
export interface RunResult {
  readonly stdout: string;
  readonly error: string | null;
  readonly line: number | null;
}

/** The last traceback line for anything thrown while a program ran. */
function errorLine(error: unknown): string {
  if (error instanceof PyException) return error.line;
  if (error instanceof RangeError && /call stack/iu.test(error.message)) {
    return 'RecursionError: maximum recursion depth exceeded';
  }
  if (error instanceof Error) {
    // The loss core's errors carry their Python exception type.
    const pyType = (error as { pyType?: unknown }).pyType;
    if (typeof pyType === 'string') return `${pyType}: ${error.message}`;
    return `SystemError: the cell's interpreter failed: ${error.message}`;
  }
  return `SystemError: the cell's interpreter failed: ${String(error)}`;
}

/**
 * The error line a run reports: a refusal raised while running ("… is not supported in this
 * cell", by the language or by a torch object) also names its line, as the parser's refusals do.
 */
function reportedError(error: unknown, line: number): string {
  const text = errorLine(error);
  if (/ in this cell\b/u.test(text) && !/\(line \d+\)/u.test(text)) return `${text} (line ${line})`;
  return text;
}

/** Parses and runs `source` with the given modules; never throws. */
export function runSource(source: string, modules: Modules): RunResult {
  let body: Stmt[];
  try {
    body = parseProgram(source);
  } catch (error) {
    const line = error instanceof LocatedException ? error.sourceLine : 1;
    return { stdout: '', error: reportedError(error, line), line };
  }
  const interpreter = new Interpreter(modules);
  try {
    interpreter.run(body);
    return { stdout: interpreter.stdout, error: null, line: null };
  } catch (error) {
    const line = error instanceof LocatedException ? error.sourceLine : interpreter.line;
    return { stdout: interpreter.stdout, error: reportedError(error, line), line };
  }
}
