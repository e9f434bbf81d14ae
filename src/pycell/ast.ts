// The syntax tree of a PyTorch cell's program: the subset of Python's ast module the cell runs.
import type { PyFloat, PyInt } from './values';

/** One piece of an f-string: literal text, or a replacement field `{expr!conv:spec}`. */
export type FStringPart =
  | string
  | {
      readonly expr: Expr;
      readonly conversion: 'r' | 's' | 'a' | null;
      readonly spec: readonly FStringPart[];
      /** `{x=}` prints its own source text before the value. */
      readonly debugText: string | null;
    };

/** An expression; `line` is where it starts. */
export type Expr = { readonly line: number } & (
  | { readonly kind: 'number'; readonly value: PyInt | PyFloat }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'fstring'; readonly parts: readonly FStringPart[] }
  | { readonly kind: 'constant'; readonly value: 'True' | 'False' | 'None' | '...' }
  | { readonly kind: 'name'; readonly id: string }
  | { readonly kind: 'list' | 'tuple'; readonly items: readonly Expr[] }
  | { readonly kind: 'attribute'; readonly object: Expr; readonly name: string }
  | { readonly kind: 'subscript'; readonly object: Expr; readonly key: Expr }
  | {
      readonly kind: 'slice';
      readonly start: Expr | null;
      readonly stop: Expr | null;
      readonly step: Expr | null;
    }
  | {
      readonly kind: 'call';
      readonly callee: Expr;
      readonly args: readonly Expr[];
      readonly kwargs: readonly (readonly [string, Expr])[];
    }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | '~' | 'not'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'boolean'; readonly op: 'and' | 'or'; readonly values: readonly Expr[] }
  | {
      readonly kind: 'compare';
      readonly left: Expr;
      readonly ops: readonly string[];
      readonly comparators: readonly Expr[];
    }
  | { readonly kind: 'ternary'; readonly test: Expr; readonly body: Expr; readonly orelse: Expr }
);

/** A statement; `line` is where it starts. */
export type Stmt = { readonly line: number } & (
  | { readonly kind: 'expression'; readonly expr: Expr }
  | { readonly kind: 'assign'; readonly targets: readonly Expr[]; readonly value: Expr }
  | { readonly kind: 'augmented'; readonly target: Expr; readonly op: string; readonly value: Expr }
  | { readonly kind: 'import'; readonly module: string; readonly alias: string | null }
  | {
      readonly kind: 'from';
      readonly module: string;
      readonly names: readonly (readonly [string, string | null])[];
    }
  | {
      readonly kind: 'if';
      readonly test: Expr;
      readonly body: readonly Stmt[];
      readonly orelse: readonly Stmt[];
    }
  | {
      readonly kind: 'for';
      readonly target: Expr;
      readonly iterable: Expr;
      readonly body: readonly Stmt[];
      readonly orelse: readonly Stmt[];
    }
  | {
      readonly kind: 'with';
      readonly items: readonly (readonly [Expr, Expr | null])[];
      readonly body: readonly Stmt[];
    }
  | { readonly kind: 'assert'; readonly test: Expr; readonly message: Expr | null }
  | { readonly kind: 'pass' | 'break' | 'continue' }
);
