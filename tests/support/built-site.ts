import { inject } from 'vitest';

/** The site built once by global-build.ts; throws the build's own messages if it failed. */
export function builtSite(): string {
  const error = inject('builtSiteError');
  if (error) throw new Error(`astro build failed:\n${error}`);
  return inject('builtSiteDir');
}
