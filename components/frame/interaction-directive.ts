// `client:interaction`: a cell that renders its first state at build time like every cell, but
// loads its JavaScript only when the reader first touches it (pointer, touch, focus or a key), or
// when the page's fragment links to its state. For a heavy cell below another one (the training
// race), this keeps the page's JavaScript before interaction within budget. Nothing the reader
// does while it loads is lost: the first click is held and replayed on the hydrated element, and
// text typed or choices made in the meantime are handed to the cell as input events.
import type { ClientDirective } from 'astro';

/** The events that count as the reader reaching for the cell. */
const TRIGGERS = ['pointerdown', 'touchstart', 'focusin', 'keydown'] as const;

/** What a form control showed when the cell hydrated, to hand back to it afterwards. */
interface Typed {
  readonly field: HTMLInputElement | HTMLSelectElement;
  readonly value: string;
  readonly checked: boolean;
}

/** Controls whose state the reader changed from the built page's before the cell could listen. */
function changedControls(el: HTMLElement): Typed[] {
  const changed: Typed[] = [];
  for (const field of el.querySelectorAll<HTMLInputElement>('input')) {
    const check = field.type === 'checkbox' || field.type === 'radio';
    if (check ? field.checked !== field.defaultChecked : field.value !== field.defaultValue) {
      changed.push({ field, value: field.value, checked: field.checked });
    }
  }
  for (const field of el.querySelectorAll('select')) {
    const selected = [...field.options].find((o) => o.defaultSelected)?.value;
    if (selected !== undefined && field.value !== selected) {
      changed.push({ field, value: field.value, checked: false });
    }
  }
  return changed;
}

const interactionDirective: ClientDirective = (load, _options, el) => {
  let started = false;
  let held: Element | null = null;

  /** Hold a click until the cell can act on it; the last one wins. */
  const holdClick = (event: Event) => {
    if (!(event.target instanceof Element)) return;
    held = event.target;
    event.preventDefault();
    event.stopPropagation();
  };

  const start = async () => {
    if (started) return;
    started = true;
    for (const type of TRIGGERS) el.removeEventListener(type, onTrigger, true);
    removeEventListener('hashchange', onHash);
    const hydrate = await load();
    const typed = changedControls(el);
    await hydrate();
    el.removeEventListener('click', holdClick, true);
    // Hydration keeps the built page's elements, so the reader's edits are handed to them as the
    // events the cell listens for, and a held click is replayed on the very element clicked.
    for (const { field, value, checked } of typed) {
      if (
        field instanceof HTMLInputElement &&
        (field.type === 'radio' || field.type === 'checkbox')
      ) {
        if (checked) field.click();
      } else {
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
    if (held instanceof HTMLElement && el.contains(held)) held.click();
  };
  const onTrigger = () => void start();
  /** A link to a cell inside this island hydrates it, so the cell can restore the link's state. */
  const onHash = () => {
    const id = /^#cell\/([a-z0-9-]+)/.exec(location.hash)?.[1];
    if (id !== undefined && el.querySelector(`#cell-${id}`) !== null) void start();
  };

  el.addEventListener('click', holdClick, true);
  for (const type of TRIGGERS)
    el.addEventListener(type, onTrigger, { capture: true, passive: true });
  addEventListener('hashchange', onHash);
  onHash();
};

export default interactionDirective;
