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
import { parseProgram } from './parser';
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
export class Interpreter implements Runtime {
  gradEnabled = true;
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
        this.tick();
        this.assign(node.target, { kind: 'int', value: iterable.start + i * iterable.step });
        if (this.block(node.body) === 'break') return undefined;
      }
      return this.block(node.orelse);
    }
    // A list is read live, so items appended inside the loop are visited, as in Python.
    const items = iterable.kind === 'list' ? iterable.items : iterate(iterable, this);
    for (let i = 0; i < items.length; i++) {
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
      chargeSequence(current.items.length + added.length, this);
      current.items.push(...added);
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
    if (object.kind === 'object' && object.typeName === 'module') {
      const moduleName = /<module '([^']+)'/u.exec(object.repr(this))?.[1] ?? 'module';
      return new PyException('AttributeError', `module '${moduleName}' has no attribute '${name}'`);
    }
    if (setting && object.kind === 'object') {
      return new PyException(
        'AttributeError',
        `'${typeName(object)}' object attribute '${name}' cannot be set in this cell`,
      );
    }
    return new PyException(
      'AttributeError',
      `'${typeName(object)}' object has no attribute '${name}'`,
    );
  }

  private getAttribute(object: PyValue, name: string): PyValue {
    const value = object.kind === 'object' ? object.getAttr(name, this) : valueMethod(object, name);
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
      case 'unary': {
        const operand = this.evaluate(node.operand);
        if (node.op === 'not') return pyBool(!truthy(operand, this));
        return unaryOp(node.op, operand, this);
      }
      case 'binary':
        return binaryOp(node.op, this.evaluate(node.left), this.evaluate(node.right), this);
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

/** What a run printed, and the last line of the uncaught exception's traceback, if any. */
export interface RunResult {
  readonly stdout: string;
  readonly error: string | null;
}

/** The last traceback line for anything thrown while a program ran. */
export function errorLine(error: unknown): string {
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

/** Parses and runs `source` with the given modules; never throws. */
export function runSource(source: string, modules: Modules): RunResult {
  let body: Stmt[];
  try {
    body = parseProgram(source);
  } catch (error) {
    return { stdout: '', error: errorLine(error) };
  }
  const interpreter = new Interpreter(modules);
  try {
    interpreter.run(body);
    return { stdout: interpreter.stdout, error: null };
  } catch (error) {
    return { stdout: interpreter.stdout, error: errorLine(error) };
  }
}
