// Mount the cell kit harness: built by tests/browser/cell-kit.test.ts, never part of the site.
import { mount } from 'svelte';
import CellKitHarness from './CellKitHarness.svelte';

const target = document.getElementById('harness');
if (target === null) throw new Error('The harness page has no #harness element.');
mount(CellKitHarness, { target });
