/** Signs initData with a locally generated Ed25519 key, the way Telegram signs with its own. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { dataCheckString } from '#api/telegram/fields.ts';

export interface TestSigner {
  publicKeyHex: string;
  /** The raw initData with a `signature` field (base64url, no padding) added. */
  sign(fields: Record<string, string>, botId: number): string;
}

export function createTestSigner(): TestSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return {
    publicKeyHex: Buffer.from(x, 'base64url').toString('hex'),
    sign(fields, botId) {
      const entries = Object.entries(fields).filter(([key]) => key !== 'signature');
      const message = `${botId}:WebAppData\n${dataCheckString(entries, ['hash'])}`;
      const signature = sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url');
      return new URLSearchParams([...entries, ['signature', signature]]).toString();
    },
  };
}
