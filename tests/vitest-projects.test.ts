/** The split of vitest.config.ts: the tests that serve the built site, and only they, wait for the build. */
import { describe, expect, it } from 'vitest';
import { siteTestFiles } from './support/site-tests.ts';

describe('the site project', () => {
  const site = siteTestFiles();

  it('takes the tests that serve the built site, directly or through a helper', () => {
    expect(site).toContain('tests/site/build.test.ts'); // builtSite() itself
    expect(site).toContain('tests/access/http-gate.test.ts'); // through tests/support/auth-server.ts
    expect(site).toContain('tests/hardening/log-leaks.test.ts'); // through tests/hardening/support.ts
  });

  it('leaves the rest to the unit project', () => {
    expect(site).not.toContain('tests/access/rules.test.ts');
    expect(site).not.toContain('tests/vitest-projects.test.ts');
    expect(site).not.toContain('tests/hardening/safe-error.test.ts');
  });
});
