import { apiFetch, discardBody } from './api-client.ts';

/**
 * Shows the navigation's link to /admin to staff. Pages are static, so the server cannot put it
 * in; /api/me says whether the signed-in user is staff (the link is only a convenience: /admin
 * checks again).
 */
export async function showStaffLink(): Promise<void> {
  const link = document.querySelector<HTMLElement>('[data-staff-link]');
  if (!link || !link.hidden) return;
  try {
    const response = await apiFetch('/api/me');
    // Signed out (401): nothing to read.
    if (!response.ok) return discardBody(response);
    const body = (await response.json()) as { staff?: boolean };
    if (body.staff === true) link.hidden = false;
  } catch {
    // Offline or signed out: the link stays hidden.
  }
}
