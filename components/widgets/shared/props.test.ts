import { describe, expect, it } from 'vitest';
import { PropsCheck } from './props';

describe('PropsCheck', () => {
  const check = new PropsCheck('SomeWidget');

  it('accepts good props silently', () => {
    expect(() => {
      check.vector('logits', [1, -2, 0.5]);
      check.vector('p', [0, 1], { min: 0 });
      check.number('t', 1, { min: 0, max: 1 });
      check.classIndex('trueClass', 2, 3);
      check.sameLength('labels', ['a', 'b'], 'logits', 2);
      check.sameLength('labels', undefined, 'logits', 2);
    }).not.toThrow();
  });

  it('takes a kebab-case cell id, or the widget folder name when the chapter gives none', () => {
    expect(check.cellId(undefined, 'some-widget')).toBe('some-widget');
    expect(check.cellId('second-lab', 'some-widget')).toBe('second-lab');
    expect(() => check.cellId('Second Lab', 'some-widget')).toThrow(
      /^SomeWidget: cellId must be lower-case words joined by hyphens, at most 48 characters, got 'Second Lab'$/,
    );
  });

  it('names the widget, the prop, the requirement and the value it got', () => {
    expect(() => check.vector('logits', [1])).toThrow(
      /^SomeWidget: logits must have 2–8 entries, got 1$/,
    );
    expect(() => check.vector('logits', [1, Number.NaN])).toThrow(
      /^SomeWidget: logits\[1\] must be a finite number, got NaN$/,
    );
    expect(() => check.vector('q', [0.5, -0.5], { min: 0 })).toThrow(
      /^SomeWidget: q\[1\] must be a finite number ≥ 0, got -0.5$/,
    );
    expect(() => check.number('t', 1.5, { min: 0, max: 1 })).toThrow(
      /^SomeWidget: t must be a finite number in \[0, 1\], got 1.5$/,
    );
    expect(() => check.number('rate', 200, { max: 100 })).toThrow(
      /^SomeWidget: rate must be a finite number ≤ 100, got 200$/,
    );
    expect(() => check.classIndex('trueClass', 0.5, 3)).toThrow(
      /^SomeWidget: trueClass must be a class index 0–2, got 0.5$/,
    );
    expect(() => check.sameLength('labels', ['a'], 'logits', 2)).toThrow(
      /^SomeWidget: labels must have 2 entries, one per entry of logits, got 1$/,
    );
  });

  it('checks the cell width against the three figure widths', () => {
    expect(check.width(undefined, 'page')).toBe('page');
    expect(check.width('screen', 'body')).toBe('screen');
    expect(() => check.width('wide', 'body')).toThrow(
      /^SomeWidget: width must be one of 'body', 'page', 'screen', got 'wide'$/,
    );
  });

  it('fails with its own message for checks a widget makes itself', () => {
    expect(() => check.fail('q', 'have a positive weight', [0, 0])).toThrow(
      /^SomeWidget: q must have a positive weight, got \[0, 0\]$/,
    );
  });
});
