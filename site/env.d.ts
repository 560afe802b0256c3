/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in account, from the session cookie or `Authorization: tma …`; null otherwise. */
    user: import('../api/auth/users.ts').UserRow | null;
    /** The cookie session, when that is how the request signed in. */
    session: import('../api/auth/session.ts').Session | null;
  }
}
