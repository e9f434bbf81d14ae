// A recursive-descent parser for the cell's Python subset, following the precedence of
// CPython's Grammar/python.gram. Constructs Python has and the cell refuses are named with their
// line; recursion is counted, so no program can nest deeper than the limits allow.
import type { Expr, FStringPart, Stmt } from './ast';
import { syntaxError, tokenize, unsupported, type Token } from './lexer';
import { LocatedException } from './located';
import { MAX_EXPRESSION_DEPTH, MAX_SOURCE_LENGTH, limitError } from './limits';
import { PyException, pyFloat, pyInt, type PyFloat, type PyInt } from './values';

/** Statements Python has that the cell refuses, by their first keyword. */
const REFUSED_STATEMENTS: Record<string, string> = {
  def: "'def' (defining functions)",
  class: "'class'",
  while: "a 'while' loop",
  try: "'try'",
  except: "'except'",
  finally: "'finally'",
  return: "'return'",
  raise: "'raise'",
  global: "'global'",
  nonlocal: "'nonlocal'",
  del: "'del'",
  yield: "'yield'",
  async: "'async'",
  await: "'await'",
  lambda: "'lambda'",
};
/** Binary operators below the comparisons, loosest first, as in Python's grammar. */
const BINARY_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ['|', 0],
  ['^', 1],
  ['&', 2],
  ['<<', 3],
  ['>>', 3],
  ['+', 4],
  ['-', 4],
  ['*', 5],
  ['/', 5],
  ['//', 5],
  ['%', 5],
  ['@', 5],
]);
const COMPARISONS = new Set(['<', '>', '==', '>=', '<=', '!=']);
const AUGMENTED = new Set([
  '+=',
  '-=',
  '*=',
  '/=',
  '//=',
  '%=',
  '**=',
  '@=',
  '&=',
  '|=',
  '^=',
  '<<=',
  '>>=',
]);
const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);
/** Modules a cell can import, with the submodules reachable from them. */
const IMPORTABLE = new Set([
  'torch',
  'torch.nn',
  'torch.nn.functional',
  'torch.optim',
  'torch.special',
  'math',
]);

/** The statements of a program, or the SyntaxError Python (or the cell) reports for it. */
export function parseProgram(source: string): Stmt[] {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw limitError(
      `the program is ${source.length} characters long; a cell runs at most ${MAX_SOURCE_LENGTH}`,
      1,
    );
  }
  // compile() refuses a NUL before tokenizing, with no line; the cell names the NUL's line.
  const nul = source.indexOf('\0');
  if (nul !== -1) {
    const line = source.slice(0, nul).split(/\r\n|\r|\n/u).length;
    throw new LocatedException('ValueError', 'source code string cannot contain null bytes', line);
  }
  // A byte-order mark at the start is not part of the program, as for CPython.
  const parser = new Parser(tokenize(source.startsWith('\uFEFF') ? source.slice(1) : source));
  const body: Stmt[] = [];
  // Statements are appended one by one: a spread of a long `a; b; …` line would overflow the stack.
  while (!parser.at('eof')) for (const statement of parser.statement()) body.push(statement);
  for (const statement of body) checkDepth(statement);
  return body;
}

/** The expressions directly inside an expression. */
function subexpressions(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'fstring':
      return fieldExpressions(expr.parts);
    case 'list':
    case 'tuple':
      return [...expr.items];
    case 'attribute':
      return [expr.object];
    case 'subscript':
      return [expr.object, expr.key];
    case 'slice':
      return [expr.start, expr.stop, expr.step].filter((part) => part !== null);
    case 'call':
      return [expr.callee, ...expr.args, ...expr.kwargs.map(([, value]) => value)];
    case 'unary':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'boolean':
      return [...expr.values];
    case 'compare':
      return [expr.left, ...expr.comparators];
    case 'ternary':
      return [expr.test, expr.body, expr.orelse];
    default:
      return [];
  }
}

function fieldExpressions(parts: readonly FStringPart[]): Expr[] {
  return parts.flatMap((part) =>
    typeof part === 'string' ? [] : [part.expr, ...fieldExpressions(part.spec)],
  );
}

/** The expressions a statement holds, and the statements nested in it. */
function statementParts(statement: Stmt): { exprs: Expr[]; body: Stmt[] } {
  switch (statement.kind) {
    case 'expression':
      return { exprs: [statement.expr], body: [] };
    case 'assign':
      return { exprs: [...statement.targets, statement.value], body: [] };
    case 'augmented':
      return { exprs: [statement.target, statement.value], body: [] };
    case 'if':
      return { exprs: [statement.test], body: [...statement.body, ...statement.orelse] };
    case 'for':
      return {
        exprs: [statement.target, statement.iterable],
        body: [...statement.body, ...statement.orelse],
      };
    case 'with':
      return {
        exprs: statement.items.flatMap(([manager, target]) =>
          target === null ? [manager] : [manager, target],
        ),
        body: [...statement.body],
      };
    case 'assert':
      return {
        exprs: statement.message === null ? [statement.test] : [statement.test, statement.message],
        body: [],
      };
    default:
      return { exprs: [], body: [] };
  }
}

/**
 * Refuses an expression tree deeper than the evaluator may recurse. The evaluator walks a
 * left-associative chain (1 + 1 + … + 1, a * b * c) down its left operands and a run of unary
 * operators in loops, so those edges cost no depth; only real nesting (brackets, calls, right
 * operands) does. Walks with an explicit stack.
 */
function checkDepth(root: Stmt): void {
  const statements: Stmt[] = [root];
  while (statements.length > 0) {
    const statement = statements.pop()!;
    const { exprs, body } = statementParts(statement);
    for (const statement of body) statements.push(statement);
    const pending: [Expr, number][] = exprs.map((expr) => [expr, 1]);
    while (pending.length > 0) {
      const [expr, depth] = pending.pop()!;
      if (depth > MAX_EXPRESSION_DEPTH) {
        throw limitError(
          `expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep (line ${expr.line})`,
          expr.line,
        );
      }
      if (expr.kind === 'binary') {
        pending.push([expr.left, depth], [expr.right, depth + 1]);
      } else if (expr.kind === 'unary') {
        pending.push([expr.operand, depth]);
      } else {
        for (const child of subexpressions(expr)) pending.push([child, depth + 1]);
      }
    }
  }
}

class Parser {
  private index = 0;
  private depth = 0;
  /** How many for-loop bodies enclose the token: break and continue are legal only inside one. */
  private loops = 0;
  private readonly tokens: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  private get token(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  at(type: Token['type'], value?: string): boolean {
    const token = this.token;
    return token.type === type && (value === undefined || token.value === value);
  }

  private atOp(value: string): boolean {
    return this.at('op', value);
  }

  private atKeyword(value: string): boolean {
    return this.at('name', value);
  }

  private skipComma(): boolean {
    if (!this.atOp(',')) return false;
    this.advance();
    return true;
  }

  private advance(): Token {
    const token = this.token;
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private fail(token: Token = this.token): PyException {
    if (token.type === 'indent')
      return syntaxError('unexpected indent', token.line, 'IndentationError');
    if (token.type === 'eof') return syntaxError('unexpected EOF while parsing', token.line);
    return syntaxError('invalid syntax', token.line);
  }

  private expectOp(value: string): Token {
    if (!this.atOp(value)) {
      if (value === ':') throw syntaxError("expected ':'", this.token.line);
      throw this.fail();
    }
    return this.advance();
  }

  /** Counts one level of recursion; refused past the expression depth limit. */
  private enter(line: number): void {
    this.depth++;
    if (this.depth > MAX_EXPRESSION_DEPTH) {
      throw limitError(
        `expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep (line ${line})`,
        line,
      );
    }
  }

  private leave(): void {
    this.depth--;
  }

  // Statements

  statement(): Stmt[] {
    const token = this.token;
    if (token.type === 'indent') throw this.fail();
    if (token.type === 'op' && token.value === '@')
      throw unsupported('a decorator (@)', token.line);
    if (token.type === 'name') {
      switch (token.value) {
        case 'if':
          return [this.ifStatement()];
        case 'for':
          return [this.forStatement()];
        case 'with':
          return [this.withStatement()];
        case 'match':
          if (this.tokens[this.index + 1]?.type === 'name' && this.lookaheadColonLine()) {
            throw unsupported("'match'", token.line);
          }
          break;
        default:
          if (token.value in REFUSED_STATEMENTS) {
            throw unsupported(REFUSED_STATEMENTS[token.value] ?? token.value, token.line);
          }
      }
    }
    return this.simpleStatements();
  }

  private lookaheadColonLine(): boolean {
    for (let i = this.index + 1; i < this.tokens.length; i++) {
      const token = this.tokens[i]!;
      if (token.type === 'newline' || token.type === 'eof') {
        const previous = this.tokens[i - 1];
        return previous?.type === 'op' && previous.value === ':';
      }
    }
    return false;
  }

  private block(owner: string, ownerLine: number): Stmt[] {
    this.expectOp(':');
    if (!this.at('newline')) return this.simpleStatements();
    this.advance();
    if (!this.at('indent')) {
      throw syntaxError(
        `expected an indented block after ${owner} on line ${ownerLine}`,
        this.token.line,
        'IndentationError',
      );
    }
    this.advance();
    const body: Stmt[] = [];
    while (!this.at('dedent') && !this.at('eof')) {
      for (const statement of this.statement()) body.push(statement);
    }
    if (this.at('dedent')) this.advance();
    return body;
  }

  private ifStatement(): Stmt {
    const line = this.advance().line;
    const test = this.namedExpression();
    const body = this.block(`'if' statement`, line);
    let orelse: Stmt[] = [];
    if (this.atKeyword('elif')) {
      orelse = [this.ifStatement()];
    } else if (this.atKeyword('else')) {
      const elseLine = this.advance().line;
      orelse = this.block(`'else' statement`, elseLine);
    }
    return { kind: 'if', line, test, body, orelse };
  }

  private forStatement(): Stmt {
    const line = this.advance().line;
    const target = this.targetList();
    if (!this.atKeyword('in')) throw this.fail();
    this.advance();
    const iterable = this.expressionList();
    this.loops++;
    const body = this.block(`'for' statement`, line);
    this.loops--;
    let orelse: Stmt[] = [];
    if (this.atKeyword('else')) {
      const elseLine = this.advance().line;
      orelse = this.block(`'else' statement`, elseLine);
    }
    return { kind: 'for', line, target, iterable, body, orelse };
  }

  private withStatement(): Stmt {
    const line = this.advance().line;
    const items: (readonly [Expr, Expr | null])[] = [];
    do {
      const manager = this.expression();
      let target: Expr | null = null;
      if (this.atKeyword('as')) {
        this.advance();
        target = this.checkTarget(this.primaryTarget());
      }
      items.push([manager, target]);
    } while (this.skipComma());
    const body = this.block(`'with' statement`, line);
    return { kind: 'with', line, items, body };
  }

  private simpleStatements(): Stmt[] {
    const statements: Stmt[] = [this.simpleStatement()];
    while (this.atOp(';')) {
      this.advance();
      if (this.at('newline') || this.at('eof')) break;
      statements.push(this.simpleStatement());
    }
    if (this.at('eof')) return statements;
    if (!this.at('newline')) throw this.fail();
    this.advance();
    return statements;
  }

  private simpleStatement(): Stmt {
    const token = this.token;
    const line = token.line;
    if (token.type === 'name') {
      switch (token.value) {
        case 'break':
        case 'continue':
          // CPython's compiler refuses these outside a loop body (an else: of the loop included).
          if (this.loops === 0) {
            throw syntaxError(
              token.value === 'break' ? "'break' outside loop" : "'continue' not properly in loop",
              line,
            );
          }
          this.advance();
          return { kind: token.value, line };
        case 'pass':
          this.advance();
          return { kind: token.value, line };
        case 'import':
          return this.importStatement();
        case 'from':
          return this.fromStatement();
        case 'assert': {
          this.advance();
          const test = this.expression();
          let message: Expr | null = null;
          if (this.atOp(',')) {
            this.advance();
            message = this.expression();
          }
          return { kind: 'assert', line, test, message };
        }
        default:
          if (token.value in REFUSED_STATEMENTS) {
            throw unsupported(REFUSED_STATEMENTS[token.value] ?? token.value, line);
          }
      }
    }
    const first = this.expressionList();
    if (this.atOp('=')) {
      const targets: Expr[] = [this.checkTarget(first)];
      let value: Expr = first;
      while (this.atOp('=')) {
        this.advance();
        value = this.expressionList();
        if (this.atOp('=')) targets.push(this.checkTarget(value));
      }
      return { kind: 'assign', line, targets, value };
    }
    if (this.token.type === 'op' && AUGMENTED.has(this.token.value)) {
      const op = this.advance().value.slice(0, -1);
      if (first.kind !== 'name' && first.kind !== 'attribute' && first.kind !== 'subscript') {
        throw syntaxError(
          `'${describe(first)}' is an illegal expression for augmented assignment`,
          line,
        );
      }
      const value = this.expressionList();
      return { kind: 'augmented', line, target: first, op, value };
    }
    if (this.atOp(':')) throw unsupported('a variable annotation (name: type)', line);
    return { kind: 'expression', line, expr: first };
  }

  private dottedName(): string {
    const parts = [this.name()];
    while (this.atOp('.')) {
      this.advance();
      parts.push(this.name());
    }
    return parts.join('.');
  }

  private name(): string {
    const token = this.token;
    if (token.type !== 'name' || KEYWORDS.has(token.value)) throw this.fail();
    this.advance();
    return token.value;
  }

  private checkModule(module: string, line: number): void {
    // Submodules of torch are looked up when the import runs (ModuleNotFoundError as in Python).
    if (!IMPORTABLE.has(module) && !module.startsWith('torch.')) {
      throw unsupported(
        `importing '${module}' (a cell imports torch, torch.nn, torch.nn.functional, torch.optim and math)`,
        line,
      );
    }
  }

  private importStatement(): Stmt {
    const line = this.advance().line;
    const module = this.dottedName();
    this.checkModule(module, line);
    let alias: string | null = null;
    if (this.atKeyword('as')) {
      this.advance();
      alias = this.name();
    }
    if (this.atOp(',')) throw unsupported('importing several modules in one statement', line);
    return { kind: 'import', line, module, alias };
  }

  private fromStatement(): Stmt {
    const line = this.advance().line;
    if (this.atOp('.') || this.atOp('...')) throw unsupported('a relative import', line);
    const module = this.dottedName();
    this.checkModule(module, line);
    if (!this.atKeyword('import')) throw this.fail();
    this.advance();
    if (this.atOp('*')) throw unsupported("'from … import *'", line);
    const parenthesized = this.atOp('(');
    if (parenthesized) this.advance();
    const names: (readonly [string, string | null])[] = [];
    do {
      if (parenthesized && this.atOp(')')) break;
      const name = this.name();
      let alias: string | null = null;
      if (this.atKeyword('as')) {
        this.advance();
        alias = this.name();
      }
      names.push([name, alias]);
    } while (this.skipComma());
    if (parenthesized) this.expectOp(')');
    return { kind: 'from', line, module, names };
  }

  /** Checks an assignment target: names, attributes, subscripts and tuples/lists of them. */
  private checkTarget(target: Expr): Expr {
    switch (target.kind) {
      case 'name':
      case 'attribute':
      case 'subscript':
        return target;
      case 'tuple':
      case 'list':
        for (const item of target.items) this.checkTarget(item);
        return target;
      case 'call':
        throw syntaxError(
          "cannot assign to function call here. Maybe you meant '==' instead of '='?",
          target.line,
        );
      default:
        throw syntaxError(`cannot assign to ${describe(target)}`, target.line);
    }
  }

  private targetList(): Expr {
    const line = this.token.line;
    const first = this.primaryTarget();
    if (!this.atOp(',')) return this.checkTarget(first);
    const items = [first];
    while (this.atOp(',')) {
      this.advance();
      if (this.atKeyword('in') || this.atOp('=')) break;
      items.push(this.primaryTarget());
    }
    return this.checkTarget({ kind: 'tuple', line, items });
  }

  private primaryTarget(): Expr {
    if (this.atOp('*')) throw unsupported('a starred target (*name)', this.token.line);
    return this.binary();
  }

  // Expressions

  /** A comma-separated list: a tuple when there is a comma. */
  private expressionList(): Expr {
    const line = this.token.line;
    const first = this.starredOrExpression();
    if (!this.atOp(',')) return first;
    const items = [first];
    while (this.atOp(',')) {
      this.advance();
      if (this.endsList()) break;
      items.push(this.starredOrExpression());
    }
    return { kind: 'tuple', line, items };
  }

  private endsList(): boolean {
    const token = this.token;
    if (token.type === 'newline' || token.type === 'eof') return true;
    return token.type === 'op' && [')', ']', '}', '=', ':', ';'].includes(token.value);
  }

  private starredOrExpression(): Expr {
    if (this.atOp('*')) throw unsupported('unpacking with *', this.token.line);
    return this.namedExpression();
  }

  private namedExpression(): Expr {
    const expr = this.expression();
    if (this.atOp(':=')) throw unsupported('the walrus operator (:=)', this.token.line);
    return expr;
  }

  expression(): Expr {
    const line = this.token.line;
    if (this.atKeyword('lambda')) throw unsupported("'lambda'", line);
    this.enter(line);
    const body = this.orTest();
    let result = body;
    if (this.atKeyword('if')) {
      this.advance();
      const test = this.orTest();
      if (!this.atKeyword('else'))
        throw syntaxError("expected 'else' after 'if' expression", this.token.line);
      this.advance();
      const orelse = this.expression();
      result = { kind: 'ternary', line, test, body, orelse };
    }
    this.leave();
    return result;
  }

  /** `a or b or …` of `and` chains: loops, so a long chain costs no stack. */
  private orTest(): Expr {
    const line = this.token.line;
    const first = this.andTest();
    if (!this.atKeyword('or')) return first;
    const values = [first];
    while (this.atKeyword('or')) {
      this.advance();
      values.push(this.andTest());
    }
    return { kind: 'boolean', line, op: 'or', values };
  }

  private andTest(): Expr {
    const line = this.token.line;
    const first = this.notTest();
    if (!this.atKeyword('and')) return first;
    const values = [first];
    while (this.atKeyword('and')) {
      this.advance();
      values.push(this.notTest());
    }
    return { kind: 'boolean', line, op: 'and', values };
  }

  /** A run of `not`s is read in a loop: only real nesting counts toward the depth limit. */
  private notTest(): Expr {
    const lines: number[] = [];
    while (this.atKeyword('not')) lines.push(this.advance().line);
    let expr = this.comparison();
    for (let i = lines.length - 1; i >= 0; i--) {
      expr = { kind: 'unary', line: lines[i] ?? expr.line, op: 'not', operand: expr };
    }
    return expr;
  }

  private comparison(): Expr {
    const line = this.token.line;
    const left = this.binary();
    const ops: string[] = [];
    const comparators: Expr[] = [];
    for (;;) {
      const token = this.token;
      let op: string | null = null;
      if (token.type === 'op' && COMPARISONS.has(token.value)) {
        op = token.value;
        this.advance();
      } else if (token.type === 'name' && token.value === 'in') {
        op = 'in';
        this.advance();
      } else if (token.type === 'name' && token.value === 'not' && this.peekIs('name', 'in')) {
        op = 'not in';
        this.advance();
        this.advance();
      } else if (token.type === 'name' && token.value === 'is') {
        this.advance();
        op = 'is';
        if (this.atKeyword('not')) {
          this.advance();
          op = 'is not';
        }
      }
      if (op === null) break;
      ops.push(op);
      comparators.push(this.binary());
    }
    return ops.length === 0 ? left : { kind: 'compare', line, left, ops, comparators };
  }

  private peekIs(type: Token['type'], value: string): boolean {
    const next = this.tokens[this.index + 1];
    return next?.type === type && next.value === value;
  }

  /**
   * Binary operators from `|` down to `*`, by precedence climbing: one loop per level instead
   * of one function per level, so each nested bracket costs few stack frames.
   */
  private binary(minimum = 0): Expr {
    let left = this.factor();
    for (;;) {
      const token = this.token;
      const precedence = token.type === 'op' ? BINARY_PRECEDENCE.get(token.value) : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      this.advance();
      // Left-associative: the right operand binds only tighter operators.
      const right = this.binary(precedence + 1);
      left = { kind: 'binary', line: token.line, op: token.value, left, right };
    }
  }

  /** A run of unary operators (`- - - x`) is read in a loop, as CPython reads it without limit. */
  private factor(): Expr {
    const prefixes: { op: '-' | '+' | '~'; line: number }[] = [];
    for (;;) {
      const token = this.token;
      if (
        token.type !== 'op' ||
        (token.value !== '-' && token.value !== '+' && token.value !== '~')
      )
        break;
      this.advance();
      prefixes.push({ op: token.value, line: token.line });
    }
    let expr = this.power();
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const { op, line } = prefixes[i]!;
      expr = { kind: 'unary', line, op, operand: expr };
    }
    return expr;
  }

  private power(): Expr {
    const base = this.primary();
    if (!this.atOp('**')) return base;
    const line = this.advance().line;
    this.enter(line);
    const exponent = this.factor();
    this.leave();
    return { kind: 'binary', line, op: '**', left: base, right: exponent };
  }

  private primary(): Expr {
    let expr = this.atom();
    for (;;) {
      const token = this.token;
      if (token.type !== 'op') break;
      if (token.value === '.') {
        this.advance();
        expr = { kind: 'attribute', line: token.line, object: expr, name: this.name() };
      } else if (token.value === '(') {
        expr = this.call(expr);
      } else if (token.value === '[') {
        this.advance();
        const key = this.subscriptKey();
        this.expectOp(']');
        expr = { kind: 'subscript', line: token.line, object: expr, key };
      } else {
        break;
      }
    }
    return expr;
  }

  private call(callee: Expr): Expr {
    const line = this.advance().line;
    const args: Expr[] = [];
    const kwargs: (readonly [string, Expr])[] = [];
    while (!this.atOp(')')) {
      if (this.atOp('*') || this.atOp('**'))
        throw unsupported('star arguments (*args, **kwargs)', this.token.line);
      if (this.token.type === 'name' && this.peekIs('op', '=')) {
        const name = this.name();
        this.advance();
        if (kwargs.some(([existing]) => existing === name)) {
          throw syntaxError(`keyword argument repeated: ${name}`, line);
        }
        kwargs.push([name, this.expression()]);
      } else {
        if (kwargs.length > 0) {
          throw syntaxError('positional argument follows keyword argument', this.token.line);
        }
        const arg = this.namedExpression();
        if (this.atKeyword('for')) throw unsupported('a generator expression', this.token.line);
        args.push(arg);
      }
      if (!this.atOp(',')) break;
      this.advance();
    }
    this.expectOp(')');
    return { kind: 'call', line, callee, args, kwargs };
  }

  private subscriptKey(): Expr {
    const line = this.token.line;
    const first = this.sliceItem();
    if (!this.atOp(',')) return first;
    const items = [first];
    while (this.atOp(',')) {
      this.advance();
      if (this.atOp(']')) break;
      items.push(this.sliceItem());
    }
    return { kind: 'tuple', line, items };
  }

  private sliceItem(): Expr {
    const line = this.token.line;
    if (this.atOp('*')) throw unsupported('unpacking with *', line);
    const start = this.atOp(':') ? null : this.namedExpression();
    if (!this.atOp(':')) {
      if (start === null) throw this.fail();
      return start;
    }
    this.advance();
    const stop = this.atOp(':') || this.atOp(']') || this.atOp(',') ? null : this.expression();
    let step: Expr | null = null;
    if (this.atOp(':')) {
      this.advance();
      step = this.atOp(']') || this.atOp(',') ? null : this.expression();
    }
    return { kind: 'slice', line, start, stop, step };
  }

  private atom(): Expr {
    const token = this.token;
    const line = token.line;
    switch (token.type) {
      case 'number':
        this.advance();
        return { kind: 'number', line, value: parseNumber(token.value, line) };
      case 'string':
        return this.strings();
      case 'name':
        if (token.value === 'True' || token.value === 'False' || token.value === 'None') {
          this.advance();
          return { kind: 'constant', line, value: token.value };
        }
        if (token.value === 'lambda') throw unsupported("'lambda'", line);
        if (token.value === 'yield' || token.value === 'await') {
          throw unsupported(`'${token.value}'`, line);
        }
        if (KEYWORDS.has(token.value)) throw this.fail();
        this.advance();
        return { kind: 'name', line, id: token.value };
      case 'op':
        break;
      default:
        throw this.fail();
    }
    switch (token.value) {
      case '...':
        this.advance();
        return { kind: 'constant', line, value: '...' };
      case '(': {
        this.advance();
        if (this.atOp(')')) {
          this.advance();
          return { kind: 'tuple', line, items: [] };
        }
        if (this.atKeyword('yield')) throw unsupported("'yield'", line);
        const first = this.starredOrExpression();
        if (this.atKeyword('for')) throw unsupported('a generator expression', this.token.line);
        if (this.atOp(')')) {
          this.advance();
          return first;
        }
        const items = [first];
        while (this.atOp(',')) {
          this.advance();
          if (this.atOp(')')) break;
          items.push(this.starredOrExpression());
        }
        this.expectOp(')');
        return { kind: 'tuple', line, items };
      }
      case '[': {
        this.advance();
        const items: Expr[] = [];
        while (!this.atOp(']')) {
          items.push(this.starredOrExpression());
          if (this.atKeyword('for')) throw unsupported('a list comprehension', this.token.line);
          if (!this.atOp(',')) break;
          this.advance();
        }
        this.expectOp(']');
        return { kind: 'list', line, items };
      }
      case '{':
        throw unsupported('a dict or set ({…})', line);
      default:
        throw this.fail();
    }
  }

  /** Adjacent string literals, joined; f-strings become parts. */
  private strings(): Expr {
    const line = this.token.line;
    const parts: FStringPart[] = [];
    let formatted = false;
    while (this.token.type === 'string') {
      const token = this.advance() as Extract<Token, { type: 'string' }>;
      const raw = token.prefix.includes('r');
      if (token.prefix.includes('b')) throw unsupported('a bytes literal', token.line);
      if (token.prefix.includes('f')) {
        formatted = true;
        for (const part of parseFString(token.value, raw, token.line, this.depth)) parts.push(part);
      } else {
        parts.push(raw ? token.value : decodeEscapes(token.value, token.line));
      }
    }
    if (!formatted) {
      return {
        kind: 'string',
        line,
        value: parts.filter((part) => typeof part === 'string').join(''),
      };
    }
    return { kind: 'fstring', line, parts: mergeLiterals(parts) };
  }
}

function mergeLiterals(parts: readonly FStringPart[]): FStringPart[] {
  const merged: FStringPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string')
      merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  return merged;
}

/** What Python's "cannot assign to …" messages call an expression. */
function describe(expr: Expr): string {
  switch (expr.kind) {
    case 'number':
    case 'string':
    case 'constant':
      return expr.kind === 'constant' && expr.value !== '...' ? expr.value : 'literal';
    case 'fstring':
      return 'f-string expression';
    case 'binary':
    case 'unary':
      return expr.kind === 'unary' && expr.op === 'not' ? 'expression' : 'expression';
    case 'boolean':
      return 'expression';
    case 'compare':
      return 'comparison';
    case 'ternary':
      return 'conditional expression';
    case 'call':
      return 'function call';
    case 'tuple':
      return 'tuple';
    case 'list':
      return 'list';
    default:
      return 'expression';
  }
}

/** A number literal's value: ints stay exact while safe; 'j' (complex) is refused. */
function parseNumber(text: string, line: number): PyInt | PyFloat {
  const clean = text.replace(/_/gu, '');
  if (/[jJ]$/u.test(clean)) throw unsupported('a complex number', line);
  if (/^0[xXoObB]/u.test(clean) || /^\d+$/u.test(clean)) {
    if (/^0\d/u.test(clean) && /[1-9]/u.test(clean)) {
      throw syntaxError(
        'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
        line,
      );
    }
    const value = Number(clean.replace(/^0[oO]/u, '0o').replace(/^0[bB]/u, '0b'));
    if (!Number.isSafeInteger(value)) {
      throw new LocatedException(
        'OverflowError',
        `the integer ${text} is too large for this cell, which computes ints exactly only up to 2**53 - 1 (line ${line})`,
        line,
      );
    }
    return pyInt(value);
  }
  return pyFloat(Number(clean));
}

/** A string literal's escapes decoded as Python does; unknown escapes stay as written. */
function decodeEscapes(body: string, line: number): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i] ?? '';
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i] ?? '';
    const simple: Record<string, string> = {
      '\n': '',
      '\\': '\\',
      "'": "'",
      '"': '"',
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
    };
    if (next in simple) {
      out += simple[next] ?? '';
      continue;
    }
    if (/[0-7]/u.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/u.test(body[i + 1] ?? '')) digits += body[++i] ?? '';
      out += String.fromCodePoint(parseInt(digits, 8));
      continue;
    }
    const width = { x: 2, u: 4, U: 8 }[next];
    if (width !== undefined) {
      const hex = body.slice(i + 1, i + 1 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`, 'u').test(hex)) {
        throw syntaxError(
          `(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\${next}${'X'.repeat(width)} escape`,
          line,
        );
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff)
        throw syntaxError(
          "(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character",
          line,
        );
      out += String.fromCodePoint(code);
      i += width;
      continue;
    }
    if (next === 'N') throw unsupported('a named Unicode escape (\\N{…})', line);
    out += `\\${next}`;
  }
  return out;
}

/** The parts of an f-string body: literal text and `{expr!conv:spec}` fields. */
function parseFString(body: string, raw: boolean, line: number, depth: number): FStringPart[] {
  if (depth > MAX_EXPRESSION_DEPTH / 4) {
    throw limitError(`f-strings nested too deeply (line ${line})`, line);
  }
  const parts: FStringPart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push(raw ? literal : decodeEscapes(literal, line));
    literal = '';
  };
  let i = 0;
  while (i < body.length) {
    const char = body[i] ?? '';
    if (char === '{' && body[i + 1] === '{') {
      literal += '{';
      i += 2;
      continue;
    }
    if (char === '}' && body[i + 1] === '}') {
      literal += '}';
      i += 2;
      continue;
    }
    if (char === '}') throw syntaxError("f-string: single '}' is not allowed", line);
    if (char !== '{') {
      literal += char;
      i++;
      continue;
    }
    flush();
    const field = readField(body, i + 1, line, depth);
    parts.push(field.part);
    i = field.end;
  }
  flush();
  return parts;
}

/** One replacement field starting after its '{'; returns the index after its '}'. */
function readField(
  body: string,
  start: number,
  line: number,
  depth: number,
): { part: FStringPart; end: number } {
  let i = start;
  let nesting = 0;
  let quote: string | null = null;
  let exprEnd = -1;
  let debugText: string | null = null;
  for (; i < body.length; i++) {
    const char = body[i] ?? '';
    if (quote !== null) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '\\')
      throw syntaxError('f-string expression part cannot include a backslash', line);
    if (char === "'" || char === '"') {
      quote = char;
    } else if ('([{'.includes(char)) {
      nesting++;
    } else if (')]}'.includes(char) && nesting > 0) {
      nesting--;
    } else if (nesting === 0) {
      if (char === '}' || char === ':') break;
      if (char === '!' && body[i + 1] !== '=') break;
      if (char === '#') throw syntaxError("f-string expression part cannot include '#'", line);
      if (char === '=' && !'=!<>'.includes(body[i - 1] ?? '') && body[i + 1] !== '=') {
        exprEnd = i;
        // Only whitespace may follow the '=' before the conversion, spec or end.
        let j = i + 1;
        while (body[j] === ' ') j++;
        debugText = body.slice(start, j);
        i = j - 1;
        continue;
      }
    }
  }
  if (i >= body.length) throw syntaxError("f-string: expecting '}'", line);
  const exprText = body.slice(start, exprEnd === -1 ? i : exprEnd);
  if (exprText.trim() === '') throw syntaxError('f-string: empty expression not allowed', line);
  const parser = new Parser(tokenize(`(${exprText})`, line));
  const expr = parser.expression();
  if (!parser.at('newline') && !parser.at('eof'))
    throw syntaxError('f-string: invalid syntax', line);
  let conversion: 'r' | 's' | 'a' | null = null;
  if (body[i] === '!') {
    const letter = body[i + 1];
    if (letter !== 'r' && letter !== 's' && letter !== 'a') {
      throw syntaxError("f-string: invalid conversion character: expected 's', 'r', or 'a'", line);
    }
    conversion = letter;
    i += 2;
  }
  const explicitConversion = conversion !== null;
  let spec: FStringPart[] = [];
  if (body[i] === ':') {
    // The spec runs to the matching '}', and may hold nested fields of its own.
    let j = i + 1;
    let inner = 0;
    for (; j < body.length; j++) {
      if (body[j] === '{') inner++;
      else if (body[j] === '}') {
        if (inner === 0) break;
        inner--;
      }
    }
    if (j >= body.length) throw syntaxError("f-string: expecting '}'", line);
    spec = parseFString(body.slice(i + 1, j), true, line, depth + 1);
    i = j;
  }
  if (body[i] !== '}') throw syntaxError("f-string: expecting '}'", line);
  // `{x=}` shows repr(x) unless a conversion or a spec says otherwise.
  if (debugText !== null && !explicitConversion && spec.length === 0) conversion = 'r';
  return { part: { expr, conversion, spec, debugText }, end: i + 1 };
}
