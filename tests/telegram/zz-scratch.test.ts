import { describe, it } from 'vitest';
describe.runIf(false)('x', () => { it.each([] as Array<{ name: string }>)('$name', () => {}); it('y', () => {}); });
