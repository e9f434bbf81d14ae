// Post-build step (stub until its owner fills it in).
import type { BuiltSite } from './index';

/** Placeholder: does nothing yet. */
export async function applyContentSecurityPolicy(site: BuiltSite): Promise<void> {
  await Promise.resolve(site);
}
