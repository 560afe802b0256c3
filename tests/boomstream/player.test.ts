import { describe, expect, it } from 'vitest';
import { playerUrl } from '#api/boomstream/player.ts';

describe('playerUrl', () => {
  it('builds the plain player URL from the base and the media code', () => {
    expect(playerUrl('https://play.boomstream.com', 'Am0TlUow')).toBe(
      'https://play.boomstream.com/Am0TlUow',
    );
    expect(playerUrl('https://play.boomstream.com/', 'nKg3scvB')).toBe(
      'https://play.boomstream.com/nKg3scvB',
    );
  });

  it('adds id_recovery when a viewer hash is given', () => {
    const hash = '0123456789abcdef0123456789abcdef';
    expect(playerUrl('https://play.boomstream.com', '8qFbgDZS', hash)).toBe(
      `https://play.boomstream.com/8qFbgDZS?id_recovery=${hash}`,
    );
  });

  it('keeps a custom player host with a path', () => {
    expect(playerUrl('https://video.example.ru/player/', 'TiAR7aDs')).toBe(
      'https://video.example.ru/player/TiAR7aDs',
    );
  });

  it('joins the URL exactly as the URL parser writes it, for any base and printable hash', () => {
    const bases = [
      'https://play.boomstream.com',
      'https://play.boomstream.com/',
      'https://video.example.ru/player//',
      'HTTPS://Video.Example.RU:443/a/b',
      'http://127.0.0.1:8080/x%20y/',
      'https://xn--80ak6aa92e.com/плеер/',
    ];
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i));
    const hashes = [
      '0123456789abcdef0123456789abcdef',
      ...printable,
      ...Array.from({ length: 200 }, (_, n) =>
        Array.from({ length: 1 + (n % 40) }, (_, i) => printable[(n * 31 + i * 7) % 94]).join(''),
      ),
    ];
    for (const base of bases) {
      const parsed = new URL(base);
      const expected = new URL(`${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}/Am0TlUow`);
      expect(playerUrl(base, 'Am0TlUow')).toBe(expected.toString());
      for (const hash of hashes) {
        const withHash = new URL(expected);
        withHash.searchParams.set('id_recovery', hash);
        expect(playerUrl(base, 'Am0TlUow', hash)).toBe(withHash.toString());
      }
    }
  });

  it('encodes an odd stored hash instead of breaking the URL', () => {
    const url = new URL(playerUrl('https://play.boomstream.com', 'Am0TlUow', 'a&b=c|d'));
    expect(url.searchParams.get('id_recovery')).toBe('a&b=c|d');
    expect([...url.searchParams.keys()]).toEqual(['id_recovery']);
  });

  it.each(['', 'Am0TlUo', 'Am0TlUow1', 'Am0TlUo!', '../abcde', 'Am0T Uow', 'АБВГДЕЖЗ'])(
    'refuses the media code %j',
    (code) => {
      expect(() => playerUrl('https://play.boomstream.com', code)).toThrow(/media code/);
    },
  );

  it.each([
    'play.boomstream.com',
    'ftp://play.boomstream.com',
    'https://play.boomstream.com/?a=1',
    'https://play.boomstream.com/#x',
  ])('refuses the base URL %j', (base) => {
    expect(() => playerUrl(base, 'Am0TlUow')).toThrow(/base URL/);
  });

  it.each(['', 'has space', 'tab\there', 'x'.repeat(257)])('refuses the viewer hash %j', (hash) => {
    expect(() => playerUrl('https://play.boomstream.com', 'Am0TlUow', hash)).toThrow(/viewer hash/);
  });
});
