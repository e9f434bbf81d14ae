// `client:interaction`: a cell that renders its first state at build time like every cell, but
// loads its JavaScript only when the reader first touches it (pointer, touch, focus or a key), or
// when the page's fragment links to its state. For a heavy cell below another one (the training
// race), this keeps the page's JavaScript before interaction within budget. Nothing the reader
// does while it loads is lost: the first click is held and replayed on the hydrated element, and
// text typed or choices made in the meantime are handed to the cell as input events.
import type { ClientDirective } from 'astro';
import { linkedCellId } from '../widgets/shared/url-state';

/** The events that count as the reader reaching for the cell. */
const TRIGGERS = ['pointerover', 'pointerdown', 'touchstart', 'focusin', 'keydown'] as const;

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

  /**
   * Hold a click on a control until the cell can act on it (the last one wins). Clicks on
   * anything else (a summary, a link) keep their built behaviour.
   */
  const holdClick = (event: Event) => {
    const control = event.target instanceof Element ? event.target.closest('button, input') : null;
    if (control === null) return;
    held = control;
    event.preventDefault();
    event.stopPropagation();
  };

  const listen = () => {
    el.addEventListener('click', holdClick, true);
    for (const type of TRIGGERS) {
      el.addEventListener(type, onTrigger, { capture: true, passive: true });
    }
    addEventListener('hashchange', onHash);
  };
  const stopListening = () => {
    for (const type of TRIGGERS) el.removeEventListener(type, onTrigger, true);
    removeEventListener('hashchange', onHash);
  };

  const start = async () => {
    if (started) return;
    started = true;
    stopListening();
    let typed: Typed[];
    try {
      const hydrate = await load();
      typed = changedControls(el);
      await hydrate();
    } catch (error) {
      // The code could not load (offline, or a new build replaced it): the built cell keeps
      // working as it does without JavaScript, and the reader's next touch tries again.
      el.removeEventListener('click', holdClick, true);
      held = null;
      started = false;
      listen();
      console.warn('A cell could not load its code; it will try again when touched.', error);
      return;
    }
    el.removeEventListener('click', holdClick, true);
    // Hydration keeps the built page's elements, so the reader's edits are handed to them as the
    // events the cell listens for, and a held click is replayed on the very element clicked.
    for (const { field, value, checked } of typed) {
      if (
        field instanceof HTMLInputElement &&
        (field.type === 'radio' || field.type === 'checkbox')
      ) {
        // A click sets the control to what the reader chose and tells the cell, as theirs did.
        if (field.checked !== checked) field.click();
      } else {
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
    // A click on an element the hydrated cell no longer has (a control it replaced) is dropped.
    if (held instanceof HTMLElement && el.contains(held)) held.click();
  };
  const onTrigger = () => void start();
  /** A link to a cell inside this island hydrates it, so the cell can restore the link's state. */
  const onHash = () => {
    const id = linkedCellId(location.hash);
    if (id !== null && el.querySelector(`#cell-${id}`) !== null) void start();
  };

  listen();
  onHash();
};

export default interactionDirective;
