/** Signs in without a page reload and shows the server's sentence on failure; works without JS too. */
export function enhancePasswordForm(): void {
  const form = document.querySelector<HTMLFormElement>('[data-password-form]');
  if (!form) return;
  const strings = JSON.parse(form.dataset.strings ?? '{}') as {
    submitting: string;
    submit: string;
    network: string;
    failed: string;
  };
  const errorBox = form.querySelector<HTMLElement>('[data-form-error]')!;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    button.disabled = true;
    button.textContent = strings.submitting;
    errorBox.hidden = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ email: data.get('email'), password: data.get('password') }),
        credentials: 'same-origin',
      });
      if (response.ok) {
        location.assign(String(data.get('next') || '/cabinet'));
        return;
      }
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      errorBox.textContent = body?.message ?? strings.failed;
    } catch {
      errorBox.textContent = strings.network;
    }
    errorBox.hidden = false;
    button.disabled = false;
    button.textContent = strings.submit;
  });
}
