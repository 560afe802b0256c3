import { inject } from 'vitest';

/** The site built once by global-build.ts; throws the build's own messages if it failed. */
export function builtSite(): string {
  const error = inject('builtSiteError');
  if (error) throw new Error(`astro build failed:\n${error}`);
  const dir = inject('builtSiteDir');
  // Only the `site` project builds (vitest.config.ts); it takes every test file that imports this one.
  if (!dir)
    throw new Error(
      'no built site in this Vitest project: only the `site` project (vitest.config.ts) builds it',
    );
  return dir;
}
