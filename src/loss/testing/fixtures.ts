// Reading the PyTorch reference fixtures (written by scripts/generate-fixtures.py with
// Debian's PyTorch 1.13) into tensors and calls of the loss core.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DType, NestedArray, Tensor } from '../tensor';
import { tensor } from '../tensor';

/** A tensor as the generator writes it: non-finite numbers and −0 spelled as strings. */
export interface FixtureTensor {
  readonly dtype: DType;
  readonly shape: number[];
  readonly values: unknown;
}

export interface FixtureCase {
  readonly name: string;
  readonly fn: string;
  readonly call: string;
  readonly args: FixtureTensor[];
  readonly options?: Record<string, unknown>;
  readonly output?: FixtureTensor | string;
  readonly grad?: FixtureTensor;
  readonly gradOutput?: FixtureTensor;
  readonly error?: string;
  /** PyTorch's repr of a float32 output or gradient, which formatTensor must reproduce. */
  readonly outputRepr?: string;
  readonly gradRepr?: string;
  /** The float32 output must equal PyTorch's to the bit. */
  readonly exact?: boolean;
}

export interface FixtureFile {
  readonly file: string;
  readonly torch: string;
  readonly cases: FixtureCase[];
}

const SPECIAL: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
};

/** Undo the generator's spelling of NaN, ±Infinity and −0. */
export function decodeNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in SPECIAL) return SPECIAL[value] as number;
  throw new Error(`fixture number expected, got ${JSON.stringify(value)}`);
}

function decodeNested(value: unknown): NestedArray {
  return Array.isArray(value) ? value.map(decodeNested) : decodeNumber(value);
}

/** Rebuild a fixture tensor, keeping empty shapes such as (0, 3). */
export function toTensor(fixture: FixtureTensor): Tensor {
  const t = tensor(decodeNested(fixture.values), fixture.dtype);
  if (t.data.length === 0) return { ...t, shape: fixture.shape };
  return t;
}

/** Options with their tensors rebuilt. */
export function toOptions(options: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    const isTensor =
      typeof value === 'object' && value !== null && 'dtype' in value && 'values' in value;
    out[key] = isTensor ? toTensor(value as FixtureTensor) : value;
  }
  return out;
}

/** Every fixture file beside this module. */
export function loadFixtures(folder: string): FixtureFile[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
        torch: string;
        cases: FixtureCase[];
      };
      return { file, torch: parsed.torch, cases: parsed.cases };
    });
}
