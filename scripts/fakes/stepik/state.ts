/**
 * The fake Stepik's memory: learners, OAuth clients, issued codes and tokens. Tests and the
 * demo change it directly (or through the admin routes) to play a scenario.
 */
import { randomBytes } from 'node:crypto';

export interface FakeLearner {
  id: number;
  firstName: string;
  lastName: string;
}

export interface FakeToken {
  /** The learner the token acts for; for client credentials, the teacher who owns the app. */
  userId: number;
  clientId: string;
  expiresAt: number;
}

export class FakeStepikState {
  readonly learners = new Map<number, FakeLearner>();
  /** OAuth applications: client id → secret. */
  readonly clients = new Map<string, string>();
  readonly codes = new Map<string, { userId: number; clientId: string; redirectUri: string; expiresAt: number }>();
  readonly tokens = new Map<string, FakeToken>();
  /** The teacher who owns the client-credentials application. */
  teacherId = 1;
  /** When set, /oauth2/authorize/ approves at once as this learner (tests); otherwise it asks. */
  autoApproveAs: number | null = null;
  tokenLifetimeInSeconds = 36_000;
  /** Counts every request by path, for tests that count round trips. */
  readonly requests: { method: string; path: string }[] = [];

  addLearner(learner: FakeLearner): FakeLearner {
    this.learners.set(learner.id, learner);
    return learner;
  }

  addClient(clientId: string, secret: string): void {
    this.clients.set(clientId, secret);
  }

  issueCode(userId: number, clientId: string, redirectUri: string): string {
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, { userId, clientId, redirectUri, expiresAt: Date.now() + 60_000 });
    return code;
  }

  issueToken(userId: number, clientId: string): { token: string; expiresIn: number } {
    const token = randomBytes(20).toString('hex');
    this.tokens.set(token, { userId, clientId, expiresAt: Date.now() + this.tokenLifetimeInSeconds * 1000 });
    return { token, expiresIn: this.tokenLifetimeInSeconds };
  }

  /** Makes every issued token invalid, as after Stepik rotates or expires them. */
  expireAllTokens(): void {
    this.tokens.clear();
  }

  tokenUser(authorization: string | undefined): FakeToken | null {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    const token = match ? this.tokens.get(match[1]!) : undefined;
    return token && token.expiresAt > Date.now() ? token : null;
  }
}
